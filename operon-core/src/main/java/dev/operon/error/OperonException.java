package dev.operon.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one root exception of Operon. It carries an {@link ErrorKind}, whether retrying may help, and
 * the identity of what failed (stream, saga, operation, task, timer ids) as fields, so that a
 * caller never has to parse a message.
 */
public class OperonException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;
  private final boolean retryable;
  private final Map<String, String> ids;

  public OperonException(ErrorKind kind, String message) {
    this(kind, message, null, Map.of(), kind != null && kind.retryableByDefault());
  }

  public OperonException(ErrorKind kind, String message, Throwable cause) {
    this(kind, message, cause, Map.of(), kind != null && kind.retryableByDefault());
  }

  public OperonException(
      ErrorKind kind, String message, Throwable cause, Map<String, String> ids, boolean retryable) {
    super(message, cause);
    this.kind = kind == null ? ErrorKind.UNKNOWN : kind;
    this.retryable = retryable;
    this.ids = Collections.unmodifiableMap(new LinkedHashMap<>(ids));
  }

  /** Bad input: kind {@link ErrorKind#VALIDATION}, never retryable. Nothing was stored. */
  public static OperonException invalid(String message) {
    return new OperonException(ErrorKind.VALIDATION, message, null, Map.of(), false);
  }

  /** A builder for an exception with ids and an explicit retryable flag. */
  public static Builder of(ErrorKind kind, String message) {
    return new Builder(kind, message);
  }

  public ErrorKind kind() {
    return kind;
  }

  public ErrorCategory category() {
    return kind.category();
  }

  public boolean retryable() {
    return retryable;
  }

  /** All ids this exception names, e.g. {@code stream -> order-1}. */
  public Map<String, String> ids() {
    return ids;
  }

  public Optional<String> id(String name) {
    return Optional.ofNullable(ids.get(name));
  }

  public Optional<String> streamId() {
    return id(Ids.STREAM);
  }

  public Optional<String> sagaId() {
    return id(Ids.SAGA);
  }

  public Optional<String> operationId() {
    return id(Ids.OPERATION);
  }

  /** The conventional id names. */
  public static final class Ids {
    public static final String STREAM = "stream";
    public static final String SAGA = "saga";
    public static final String OPERATION = "operation";
    public static final String TASK = "task";
    public static final String TIMER = "timer";
    public static final String QUEUE = "queue";

    private Ids() {}
  }

  /** Builds an {@link OperonException}. */
  public static final class Builder {
    private final ErrorKind kind;
    private final String message;
    private final Map<String, String> ids = new LinkedHashMap<>();
    private Throwable cause;
    private Boolean retryable;

    private Builder(ErrorKind kind, String message) {
      this.kind = kind;
      this.message = message;
    }

    public Builder id(String name, String value) {
      if (value != null) {
        ids.put(name, value);
      }
      return this;
    }

    public Builder cause(Throwable cause) {
      this.cause = cause;
      return this;
    }

    public Builder retryable(boolean retryable) {
      this.retryable = retryable;
      return this;
    }

    public OperonException build() {
      boolean retry = retryable != null ? retryable : kind != null && kind.retryableByDefault();
      return new OperonException(kind, message, cause, ids, retry);
    }
  }
}
