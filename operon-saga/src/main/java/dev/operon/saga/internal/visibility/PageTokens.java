package dev.operon.saga.internal.visibility;

import dev.operon.error.OperonException;
import dev.operon.saga.SagaQuery.Cursor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The page tokens of {@code list}: the cursor of a page's last saga (start time and id), opaque to
 * callers and checked when it comes back, so that a token {@code list} did not issue, or one that
 * was changed, is a VALIDATION error instead of a silently different page.
 */
public final class PageTokens {
  private static final String VERSION = "v1";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private PageTokens() {}

  /** The token of the page after {@code cursor}. */
  public static String encode(Cursor cursor) {
    String content = epochNanos(cursor.startedAt()) + ":" + cursor.sagaId();
    return VERSION + "." + ENCODER.encodeToString(content.getBytes(StandardCharsets.UTF_8)) + "." + check(content);
  }

  /** The cursor in {@code token}; VALIDATION error naming the token if it is not one {@link #encode} made. */
  public static Cursor decode(String token) {
    return parse(token).orElseThrow(() -> OperonException.invalid("pageToken '" + token
        + "' was not issued by SagaEngine.list, or was changed: pass the nextPageToken of a page unchanged"));
  }

  private static Optional<Cursor> parse(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || !parts[0].equals(VERSION)) {
      return Optional.empty();
    }
    String content;
    try {
      content = new String(DECODER.decode(parts[1]), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = content.indexOf(':');
    if (colon < 1 || colon == content.length() - 1 || !check(content).equals(parts[2])) {
      return Optional.empty();
    }
    try {
      long nanos = Long.parseLong(content.substring(0, colon));
      return Optional.of(new Cursor(Instant.ofEpochSecond(0, nanos), content.substring(colon + 1)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static long epochNanos(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
  }

  private static String check(String content) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(("operon-saga-list|" + content).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
