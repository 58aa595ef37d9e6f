package dev.operon.nats;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.spi.BackendUrl;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;

/**
 * Opens NATS connections quickly: a short connect timeout and a single attempt at open time (a
 * dead server fails at once with a hint), then endless reconnects once the connection is up.
 */
public final class NatsConnector {
  /** The command that starts a local NATS server with JetStream. */
  public static final String START_HINT =
      "start NATS with JetStream: nats-server -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server &";

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private NatsConnector() {}

  /**
   * Connects to {@code url}; throws a retryable error naming the URL (password redacted) and the
   * hint if it fails. The client's own exception is attached only when the URL has no password,
   * since its message repeats the URL.
   */
  public static Connection connect(BackendUrl url, ErrorKind kind) {
    Options options = new Options.Builder()
        .server(url.raw())
        .connectionTimeout(CONNECT_TIMEOUT)
        .maxReconnects(-1)
        .reconnectWait(Duration.ofMillis(500))
        .connectionName("operon")
        .build();
    try {
      return Nats.connect(options);
    } catch (IOException | RuntimeException e) {
      throw unreachable(url, kind, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(url, kind, e);
    }
  }

  static OperonException unreachable(BackendUrl url, ErrorKind kind, Exception cause) {
    boolean secret = !url.raw().equals(url.redacted());
    String why = describe(cause).replace(url.raw(), url.redacted());
    return OperonException.of(kind,
            "Cannot connect to NATS at " + url.redacted() + " (" + why + "); "
                + START_HINT + ", or fix the URL")
        .cause(secret ? null : cause).retryable(true).build();
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
