package dev.operon.timer;

import dev.operon.error.OperonException;
import java.time.Instant;
import java.util.Objects;

/**
 * A timer to create.
 *
 * @param id the timer's id, chosen by the caller so that creation can be retried safely (creating
 *     an id that exists returns the existing timer and changes nothing)
 * @param owner what the timer belongs to, usually a saga id
 * @param type what it is for
 * @param fireAt when it is due
 * @param payload bytes handed back when it fires (may be empty)
 */
public record NewTimer(String id, String owner, TimerType type, Instant fireAt, byte[] payload) {
  public NewTimer {
    requireText(id, "id");
    requireText(owner, "owner");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(fireAt, "fireAt");
    payload = payload == null ? new byte[0] : payload;
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank() || value.length() > 200) {
      throw OperonException.invalid(
          "Timer " + field + " must be 1-200 non-blank characters, was '" + value + "'");
    }
  }
}
