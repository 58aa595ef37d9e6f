package dev.operon.documents;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operon.documents.internal.CanonicalJson;
import dev.operon.error.OperonException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Signing actions and checking their signatures. An app key is the Base64 of the public key's
 * X.509 (SubjectPublicKeyInfo) encoding. What is signed is the canonical JSON of the array
 * {@code [signedAt, appKey, actionHash, previousStateHash]}, where the action hash is the Base64
 * SHA-256 of the canonical JSON of {@code {document, scope, type, input}}: a signature covers the
 * document, scope, type and input, so changing any of them breaks it.
 */
public final class ActionSigning {
  private ActionSigning() {}

  /** A new key pair of {@code scheme}. */
  public static KeyPair newKeyPair(SignatureScheme scheme) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(scheme.keyAlgorithm());
      if (scheme == SignatureScheme.ECDSA_P256) {
        generator.initialize(new ECGenParameterSpec("secp256r1"));
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JDK cannot make " + scheme + " keys", e);
    }
  }

  /** The app key of {@code key}: Base64 of its X.509 encoding. */
  public static String encode(PublicKey key) {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  /**
   * {@code action} signed by {@code signer} with {@code key} (which must match the signer's app key)
   * at {@code at}, on a document whose scope hash the signer saw as {@code previousStateHash}. The
   * new signature is added after any the action carried.
   */
  public static Action sign(Action action, String documentId, String previousStateHash, Signer signer,
      PrivateKey key, Instant at) {
    String actionHash = actionHash(action, documentId);
    long signedAt = at.getEpochSecond();
    SignatureScheme scheme = SignatureScheme.ofKey(key.getAlgorithm());
    try {
      Signature signature = Signature.getInstance(scheme.signatureAlgorithm());
      signature.initSign(key);
      signature.update(message(signedAt, signer.appKey(), actionHash, previousStateHash));
      List<ActionSignature> signatures = new ArrayList<>(action.context().signatures());
      signatures.add(new ActionSignature(signedAt, signer.appKey(), actionHash, previousStateHash,
          Base64.getEncoder().encodeToString(signature.sign())));
      return action.withContext(new ActionContext(signer, signatures));
    } catch (GeneralSecurityException e) {
      throw OperonException.invalid("Cannot sign action " + action.id() + " with a " + key.getAlgorithm() + " key: "
          + e.getMessage());
    }
  }

  /** The Base64 SHA-256 of the canonical JSON of the action's document, scope, type and input. */
  public static String actionHash(Action action, String documentId) {
    ObjectNode signed = CanonicalJson.mapper().createObjectNode();
    signed.put("document", documentId);
    signed.put("scope", action.scope());
    signed.put("type", action.type());
    signed.set("input", action.input());
    return CanonicalJson.hash(signed, HashAlgorithm.SHA_256);
  }

  /**
   * Why the last signature of {@code action} does not hold for {@code documentId}, or null if it
   * does: a signer without signatures, a signature by another key than the signer's app key, an
   * action hash that is not this action's (the input or type was changed), or a signature that does
   * not verify.
   */
  public static String problem(Action action, String documentId) {
    ActionContext context = action.context();
    if (context.signer() == null) {
      return "the action is not signed";
    }
    if (context.signatures().isEmpty()) {
      return "its signer gave no signature";
    }
    ActionSignature last = context.signatures().get(context.signatures().size() - 1);
    if (!last.appKey().equals(context.signer().appKey())) {
      return "its last signature was made by another key than its signer's app key";
    }
    if (!last.actionHash().equals(actionHash(action, documentId))) {
      return "its signature is for another action (the document, scope, type or input differ from what was signed)";
    }
    try {
      PublicKey key = decode(last.appKey());
      Signature signature = Signature.getInstance(SignatureScheme.ofKey(key.getAlgorithm()).signatureAlgorithm());
      signature.initVerify(key);
      signature.update(message(last.signedAt(), last.appKey(), last.actionHash(), last.previousStateHash()));
      return signature.verify(Base64.getDecoder().decode(last.signature())) ? null : "its signature does not verify";
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return "its signature cannot be checked: " + e.getMessage();
    }
  }

  private static final java.util.Map<String, PublicKey> KEYS = new java.util.concurrent.ConcurrentHashMap<>();

  /** The public key of an app key, decoded once (up to 10,000 keys are kept). */
  private static PublicKey decode(String appKey) throws GeneralSecurityException {
    PublicKey known = KEYS.get(appKey);
    if (known != null) {
      return known;
    }
    PublicKey key = parse(appKey);
    if (KEYS.size() >= 10_000) {
      KEYS.clear();
    }
    KEYS.put(appKey, key);
    return key;
  }

  private static PublicKey parse(String appKey) throws GeneralSecurityException {
    byte[] encoded = Base64.getDecoder().decode(appKey);
    GeneralSecurityException last = null;
    for (String algorithm : new String[] {"EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(encoded));
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw last;
  }

  private static byte[] message(long signedAt, String appKey, String actionHash, String previousStateHash) {
    ArrayNode tuple = CanonicalJson.mapper().createArrayNode();
    tuple.add(signedAt).add(appKey).add(actionHash).add(previousStateHash);
    return CanonicalJson.of(tuple).getBytes(StandardCharsets.UTF_8);
  }
}
