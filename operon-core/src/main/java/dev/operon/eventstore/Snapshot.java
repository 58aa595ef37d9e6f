package dev.operon.eventstore;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A saved state of a stream up to and including event {@code lastEventId}, with the SHA-256
 * checksum of {@code state} (lower-case hex) computed when it was saved.
 */
public record Snapshot(
    String stream, long lastEventId, byte[] state, String checksum, Instant createdAt) {

  /** The SHA-256 checksum of {@code state} as lower-case hex. */
  public static String checksumOf(byte[] state) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(state));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** Whether the state still matches its checksum. */
  public boolean intact() {
    return state != null && checksum != null && checksum.equals(checksumOf(state));
  }
}
