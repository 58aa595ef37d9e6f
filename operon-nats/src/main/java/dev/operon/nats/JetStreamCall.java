package dev.operon.nats;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Runs one JetStream call and turns its checked failures into a retryable TASK_QUEUE error. */
@FunctionalInterface
interface JetStreamCall<T> {
  /** JetStream's error code for "no message found" (stream message get). */
  int NO_MESSAGE_FOUND = 10037;

  T run() throws IOException, JetStreamApiException, InterruptedException, ExecutionException,
      TimeoutException;

  /** Runs {@code call}; {@code what} names the action and {@code queue} the queue for the error. */
  static <T> T run(String what, String queue, JetStreamCall<T> call) {
    try {
      return call.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(what, queue, e);
    } catch (ExecutionException e) {
      throw failure(what, queue, e.getCause() == null ? e : e.getCause());
    } catch (IOException | JetStreamApiException | TimeoutException | RuntimeException e) {
      throw failure(what, queue, e);
    }
  }

  private static OperonException failure(String what, String queue, Throwable cause) {
    if (cause instanceof OperonException operon) {
      return operon;
    }
    return OperonException.of(ErrorKind.TASK_QUEUE,
            "NATS JetStream could not " + what + " on queue '" + queue + "': "
                + NatsConnector.describe(cause))
        .id(OperonException.Ids.QUEUE, queue).cause(cause).retryable(true).build();
  }

  /** Whether {@code e} says the requested stream message does not exist. */
  static boolean isNoMessage(JetStreamApiException e) {
    return e.getApiErrorCode() == NO_MESSAGE_FOUND || e.getErrorCode() == 404;
  }
}
