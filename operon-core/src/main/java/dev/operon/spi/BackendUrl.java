package dev.operon.spi;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.util.Locale;
import java.util.Objects;

/**
 * A backend address as users write it: {@code sqlite:./operon.db}, {@code memory:},
 * {@code postgres://host:5432/db?user=u}, {@code nats://host:4222}, {@code redis://host:6379},
 * {@code fs:/some/dir}, or a bare word ({@code local}, {@code jdbc}, {@code poll},
 * {@code postgres}). The scheme is everything before the first ':' (or the whole word).
 */
public record BackendUrl(String raw, String scheme, String rest) {
  public BackendUrl {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(rest, "rest");
  }

  /** Parses {@code raw}; throws a CONFIGURATION error naming the value if it is blank. */
  public static BackendUrl parse(String raw) {
    if (raw == null || raw.isBlank()) {
      throw OperonException.of(ErrorKind.CONFIGURATION,
              "A backend URL is missing: give one such as sqlite:./operon.db,"
                  + " postgres://127.0.0.1:5432/db, nats://127.0.0.1:4222 or redis://127.0.0.1:6379")
          .retryable(false).build();
    }
    String trimmed = raw.trim();
    int colon = trimmed.indexOf(':');
    if (colon < 0) {
      return new BackendUrl(trimmed, trimmed.toLowerCase(Locale.ROOT), "");
    }
    return new BackendUrl(
        trimmed, trimmed.substring(0, colon).toLowerCase(Locale.ROOT), trimmed.substring(colon + 1));
  }

  /** The URL with any password replaced by {@code ***}, for messages and logs. */
  public String redacted() {
    return raw.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("(//[^/:@]*:)[^@/]*@", "$1***@");
  }

  @Override
  public String toString() {
    return redacted();
  }
}
