package dev.operon.http.internal;

import dev.operon.saga.SagaState;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;

/** Values a caller names in a query string or a body: read, or refused with a 400 that says what fits. */
final class Params {
  private Params() {}

  static SagaState state(String value) {
    try {
      return SagaState.valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("Unknown state '" + value + "': states are " + Arrays.toString(SagaState.values()));
    }
  }

  /** {@code value} of {@code name} as an instant; null for none. */
  static Instant instant(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiProblem.badRequest("'" + name + "' must be an ISO-8601 instant such as 2030-01-01T00:00:00Z, was '"
          + value + "'");
    }
  }

  /** {@code value} of {@code name} as an ISO-8601 duration within (0, {@code most}]; {@code fallback} if absent. */
  static java.time.Duration duration(String name, String value, java.time.Duration fallback, java.time.Duration most) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      java.time.Duration parsed = java.time.Duration.parse(value.strip());
      if (parsed.isNegative() || parsed.isZero() || parsed.compareTo(most) > 0) {
        throw ApiProblem.badRequest("'" + name + "' must be more than 0 and at most " + most + ", was " + value);
      }
      return parsed;
    } catch (DateTimeParseException e) {
      throw ApiProblem.badRequest("'" + name + "' must be an ISO-8601 duration such as PT30S, was '" + value + "'");
    }
  }
}
