package dev.operon.jdbc.eventstore;

import dev.operon.eventstore.StreamPrefix;
import java.util.Optional;

/**
 * A stream prefix as a range of names in code point order: the names that start with {@code p}
 * are exactly those {@code >= p} and {@code < successor(p)}, where the successor is {@code p} with
 * its last code point raised by one (dropping trailing code points that are already the highest).
 * A range is what a B-tree index serves with any parameter value, unlike {@code LIKE ?}, and it
 * needs no escaping: {@code %} and {@code _} are just characters.
 *
 * @param from the prefix itself, the lowest matching name
 * @param until the successor, or empty when the prefix is all highest code points (no upper bound)
 */
record PrefixRange(String from, Optional<String> until) {

  /** The range of the names that start with {@code prefix}. */
  static PrefixRange of(StreamPrefix prefix) {
    return new PrefixRange(prefix.value(), successor(prefix.value()));
  }

  /** The smallest string, in code point order, above every string that starts with {@code prefix}. */
  static Optional<String> successor(String prefix) {
    int[] codePoints = prefix.codePoints().toArray();
    for (int i = codePoints.length - 1; i >= 0; i--) {
      int next = codePoints[i] + 1;
      if (next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE) {
        next = Character.MAX_SURROGATE + 1;
      }
      if (next <= Character.MAX_CODE_POINT) {
        return Optional.of(new String(codePoints, 0, i) + Character.toString(next));
      }
    }
    return Optional.empty();
  }
}
