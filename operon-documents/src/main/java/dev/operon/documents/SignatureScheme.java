package dev.operon.documents;

/** The signature algorithms actions can be signed with; both come with the JDK. */
public enum SignatureScheme {
  /** ECDSA on the P-256 curve over SHA-256: the default. */
  ECDSA_P256("EC", "SHA256withECDSA"),
  /** Ed25519. */
  ED25519("Ed25519", "Ed25519");

  private final String keyAlgorithm;
  private final String signatureAlgorithm;

  SignatureScheme(String keyAlgorithm, String signatureAlgorithm) {
    this.keyAlgorithm = keyAlgorithm;
    this.signatureAlgorithm = signatureAlgorithm;
  }

  public String keyAlgorithm() {
    return keyAlgorithm;
  }

  public String signatureAlgorithm() {
    return signatureAlgorithm;
  }

  /** The scheme of a key of algorithm {@code keyAlgorithm} ("EC" or "Ed25519"/"EdDSA"). */
  static SignatureScheme ofKey(String keyAlgorithm) {
    return switch (keyAlgorithm) {
      case "EC" -> ECDSA_P256;
      case "Ed25519", "EdDSA" -> ED25519;
      default -> throw new IllegalArgumentException("keys of algorithm " + keyAlgorithm + " cannot sign actions");
    };
  }
}
