package dev.operon.saga.internal.visibility;

import dev.operon.error.OperonException;
import dev.operon.saga.SagaQuery;
import dev.operon.saga.SagaQuery.Cursor;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The page tokens of one visibility store's {@code list}: the cursor of a page's last saga (start
 * time and id), opaque to callers, signed with the store's own key (HMAC-SHA256). A token that is
 * not even shaped like one is refused when the query is built ({@link #requireWellFormed}); one
 * that another store issued, or that was changed, is refused by the store's {@code list}
 * ({@link #cursorOf}): both as VALIDATION errors naming {@code pageToken}, never as a silently
 * different page. A store whose engines run in several processes keeps its key where they all read
 * it (the database), so a token stays good across processes and restarts.
 */
public final class PageTokens {
  private static final String VERSION = "v2";
  private static final int KEY_BYTES = 32;
  private static final int CHECK_BYTES = 16;
  private static final String ALGORITHM = "HmacSHA256";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final HexFormat HEX = HexFormat.of();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  private PageTokens(byte[] key) {
    this.key = new SecretKeySpec(key, ALGORITHM);
  }

  /** The tokens of a store whose key is {@code hexKey} (see {@link #newKey()}). */
  public static PageTokens ofKey(String hexKey) {
    byte[] bytes = HEX.parseHex(hexKey);
    if (bytes.length != KEY_BYTES) {
      throw new IllegalArgumentException("a page token key has " + KEY_BYTES + " bytes, this one " + bytes.length);
    }
    return new PageTokens(bytes);
  }

  /** The tokens of a store that lives in this process only: a fresh random key. */
  public static PageTokens withRandomKey() {
    return ofKey(newKey());
  }

  /** A new random key, as hex, for a store to keep. */
  public static String newKey() {
    byte[] bytes = new byte[KEY_BYTES];
    RANDOM.nextBytes(bytes);
    return HEX.formatHex(bytes);
  }

  /** The token of the page after {@code cursor}. */
  public String issue(Cursor cursor) {
    String content = epochNanos(cursor.startedAt()) + ":" + cursor.sagaId();
    return VERSION + "." + ENCODER.encodeToString(content.getBytes(StandardCharsets.UTF_8)) + "."
        + HEX.formatHex(check(content));
  }

  /**
   * Where {@code query}'s page starts: the cursor in its page token, empty for a first page.
   * VALIDATION error naming {@code pageToken} if this store did not issue the token or it was
   * changed.
   */
  public Optional<Cursor> cursorOf(SagaQuery query) {
    return query.pageToken().map(token -> {
      Parsed parsed = parse(token).orElseThrow(() -> notIssued(token));
      if (!MessageDigest.isEqual(check(parsed.content()), parsed.check())) {
        throw notIssued(token);
      }
      return parsed.cursor();
    });
  }

  /**
   * {@code token} if it is shaped like a page token (signature not checked: only the store that
   * issued it can); VALIDATION error naming {@code pageToken} otherwise.
   */
  public static String requireWellFormed(String token) {
    if (token == null || parse(token).isEmpty()) {
      throw notIssued(token);
    }
    return token;
  }

  private record Parsed(String content, Cursor cursor, byte[] check) {}

  private static Optional<Parsed> parse(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || !parts[0].equals(VERSION) || parts[2].length() != 2 * CHECK_BYTES) {
      return Optional.empty();
    }
    try {
      String content = new String(DECODER.decode(parts[1]), StandardCharsets.UTF_8);
      byte[] check = HEX.parseHex(parts[2]);
      int colon = content.indexOf(':');
      if (colon < 1 || colon == content.length() - 1) {
        return Optional.empty();
      }
      long nanos = Long.parseLong(content.substring(0, colon));
      Cursor cursor = new Cursor(Instant.ofEpochSecond(0, nanos), content.substring(colon + 1));
      return Optional.of(new Parsed(content, cursor, check));
    } catch (IllegalArgumentException e) { // bad base64, hex or number
      return Optional.empty();
    }
  }

  private static OperonException notIssued(String token) {
    return OperonException.invalid("pageToken '" + token + "' was not issued by this saga store's list, or was"
        + " changed: pass the nextPageToken of a page of the same store unchanged");
  }

  private byte[] check(String content) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      byte[] full = mac.doFinal(("operon-saga-list|" + content).getBytes(StandardCharsets.UTF_8));
      return Arrays.copyOf(full, CHECK_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is missing from this JVM", e);
    }
  }

  private static long epochNanos(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
  }
}
