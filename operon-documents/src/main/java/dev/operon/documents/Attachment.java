package dev.operon.documents;

import java.util.HexFormat;
import java.util.Objects;

/**
 * A file an operation refers to, addressed by the SHA-256 of its bytes: an action's input names it
 * by its {@link #uri()} ({@code attachment://v1:<sha256 hex>}), and the store keeps it once however
 * many operations refer to it.
 */
public record Attachment(String hash, String mimeType, String fileName, String extension, long size, byte[] data) {
  /** How an attachment's URI starts. */
  public static final String URI_PREFIX = "attachment://v1:";

  public Attachment {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(data, "data");
    mimeType = mimeType == null || mimeType.isBlank() ? "application/octet-stream" : mimeType;
    fileName = fileName == null ? "" : fileName;
    extension = extension == null ? "" : extension;
  }

  /** An attachment of {@code data}, its hash computed. */
  public static Attachment of(byte[] data, String mimeType, String fileName) {
    String hash = HexFormat.of().formatHex(dev.operon.documents.internal.CanonicalJson.sha256(data));
    String name = fileName == null ? "" : fileName;
    int dot = name.lastIndexOf('.');
    return new Attachment(hash, mimeType, name, dot > 0 ? name.substring(dot + 1) : "", data.length, data.clone());
  }

  /** How an action's input refers to this attachment. */
  public String uri() {
    return URI_PREFIX + hash;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Attachment a && a.hash.equals(hash) && a.mimeType.equals(mimeType)
        && a.fileName.equals(fileName) && a.extension.equals(extension) && a.size == size;
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    return "Attachment[" + uri() + ", " + mimeType + ", " + fileName + ", " + size + " bytes]";
  }
}
