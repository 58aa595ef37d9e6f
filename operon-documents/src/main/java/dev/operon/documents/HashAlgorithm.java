package dev.operon.documents;

/**
 * How the hash of a scope's state is computed: the digest of its canonical JSON (sorted keys, no
 * insignificant whitespace), Base64-encoded. SHA-1 is the default, for compatibility with
 * documents hashed elsewhere; SHA-256 is the stronger choice for new document types.
 */
public enum HashAlgorithm {
  SHA_1("SHA-1"),
  SHA_256("SHA-256");

  private final String jcaName;

  HashAlgorithm(String jcaName) {
    this.jcaName = jcaName;
  }

  /** The name of the digest in the JDK's security providers. */
  public String jcaName() {
    return jcaName;
  }
}
