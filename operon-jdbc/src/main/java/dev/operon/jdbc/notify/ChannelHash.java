package dev.operon.jdbc.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * PostgreSQL channel names: identifiers of at most 63 bytes, while Operon channels may have 200
 * characters. The name is {@code op_} and 48 hex digits of SHA-256 over the table prefix and the
 * channel, so notifiers with different prefixes on one database never wake each other.
 */
final class ChannelHash {
  private static final int HEX_DIGITS = 48;

  private ChannelHash() {}

  static String of(String prefix, String channel) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((prefix + "\n" + channel).getBytes(StandardCharsets.UTF_8));
      return "op_" + HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
