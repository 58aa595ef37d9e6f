package dev.operon.documents;

import java.util.Objects;

/**
 * One signature of an action: when it was made (Unix seconds), the key that made it, the hash of
 * what was signed for (document, scope, type and input) and the hash of the scope's state the signer
 * saw before it, and the signature over those four (Base64).
 */
public record ActionSignature(long signedAt, String appKey, String actionHash, String previousStateHash,
    String signature) {
  public ActionSignature {
    Objects.requireNonNull(appKey, "appKey");
    Objects.requireNonNull(actionHash, "actionHash");
    Objects.requireNonNull(previousStateHash, "previousStateHash");
    Objects.requireNonNull(signature, "signature");
  }
}
