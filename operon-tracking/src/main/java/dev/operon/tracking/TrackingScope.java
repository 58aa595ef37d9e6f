package dev.operon.tracking;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * A tracked operation for try-with-resources: {@link #fail} records an Error event with the
 * exception and completes it FAILED; closing it completes it SUCCEEDED if nothing ended it before.
 * Completing twice is harmless.
 */
public final class TrackingScope implements AutoCloseable {
  private final Tracking tracking;
  private final String id;
  private boolean ended;

  TrackingScope(Tracking tracking, String id) {
    this.tracking = tracking;
    this.id = id;
  }

  public String id() {
    return id;
  }

  public void progress(Integer percent, String message) {
    tracking.updateProgress(id, percent, message);
  }

  /** Records {@code failure} as an Error event (its message, and its stack trace as data) and completes FAILED. */
  public void fail(Throwable failure) {
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    String message = failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
    String data = "{\"exception\":" + quote(failure.getClass().getName()) + ",\"stack\":"
        + quote(trace.toString().length() > 12_000 ? trace.toString().substring(0, 12_000) : trace.toString()) + "}";
    tracking.addEvent(id, "Error", message, data);
    tracking.complete(id, OperationStatus.FAILED, message);
    ended = true;
  }

  public void complete(OperationStatus status, String message) {
    tracking.complete(id, status, message);
    ended = true;
  }

  @Override
  public void close() {
    if (!ended) {
      tracking.complete(id, OperationStatus.SUCCEEDED, null);
      ended = true;
    }
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(text, out);
    return out.append('"').toString();
  }
}
