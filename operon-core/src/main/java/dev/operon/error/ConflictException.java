package dev.operon.error;

import java.util.Map;

/**
 * An append whose expected last id did not match the stream's actual last id. Nothing was
 * written. The caller re-reads the stream and tries again (optimistic locking).
 */
public final class ConflictException extends OperonException {
  private static final long serialVersionUID = 1L;

  private final String stream;
  private final long expected;
  private final long actual;

  public ConflictException(String stream, long expected, long actual) {
    super(
        ErrorKind.CONCURRENCY,
        "Conflict on stream '" + stream + "': expected last id " + expected + " but it is "
            + actual + "; nothing was written, re-read the stream and retry",
        null,
        Map.of(Ids.STREAM, stream),
        true);
    this.stream = stream;
    this.expected = expected;
    this.actual = actual;
  }

  public String stream() {
    return stream;
  }

  public long expected() {
    return expected;
  }

  public long actual() {
    return actual;
  }
}
