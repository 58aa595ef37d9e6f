package dev.operon.redis;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.spi.BackendUrl;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import java.time.Duration;

/**
 * Makes Lettuce clients that fail fast at open time (a short connect timeout, one attempt) and
 * reconnect by themselves afterwards. Commands issued while disconnected are rejected rather than
 * buffered: a lost notification costs latency only, since readers still poll.
 */
public final class RedisConnector {
  /** The command that starts a local Redis server. */
  public static final String START_HINT = "start Redis: redis-server --daemonize yes"
      + " --bind 127.0.0.1 -::1 --port 6379 --save \"\" --appendonly no";

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

  private RedisConnector() {}

  /** A client for {@code url}; it connects only when a connection is asked for. */
  public static RedisClient client(BackendUrl url) {
    RedisURI uri;
    try {
      uri = RedisURI.create(url.raw());
    } catch (RuntimeException e) {
      throw OperonException.of(ErrorKind.CONFIGURATION,
              "Invalid Redis URL " + url.redacted() + ": " + describe(e)
                  + "; use redis://host:port (e.g. redis://127.0.0.1:6379)")
          .cause(e).retryable(false).build();
    }
    uri.setTimeout(COMMAND_TIMEOUT);
    RedisClient client = RedisClient.create(uri);
    client.setOptions(ClientOptions.builder()
        .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .build());
    return client;
  }

  /** The error for a Redis server that cannot be reached at {@code url}. */
  static OperonException unreachable(BackendUrl url, Throwable cause) {
    boolean secret = !url.raw().equals(url.redacted());
    String why = describe(cause).replace(url.raw(), url.redacted());
    return OperonException.of(ErrorKind.SIGNAL_DISPATCHER,
            "Cannot connect to Redis at " + url.redacted() + " (" + why + "); "
                + START_HINT + ", or fix the URL")
        .cause(secret ? null : cause).retryable(true).build();
  }

  static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
  }
}
