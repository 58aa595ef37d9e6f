package dev.operon.jdbc.notify;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the dedicated LISTEN connection: waits for notifications with
 * {@code PGConnection.getNotifications(timeout)}, hands each one (channel, payload) on, and after a
 * lost connection reconnects with back-off (1 s doubling to 10 s), LISTENs again to every channel
 * and reports the reconnect (notifications may have been missed meanwhile). LISTEN and UNLISTEN
 * run on the loop's own thread between two waits: a caller's statement on the connection would
 * have to win its lock from the loop, which takes it again at once after each wait.
 */
final class ListenLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ListenLoop.class);
  private static final int WAIT_MILLIS = 25;
  private static final long LISTEN_CONFIRM_SECONDS = 10;

  private final PgConnector connector;
  private final NotificationHandler handler;
  private final Map<String, Boolean> channels = new ConcurrentHashMap<>();
  private final Backoff backoff = new Backoff();
  private final Thread thread;
  private final Queue<Command> commands = new ConcurrentLinkedQueue<>();
  private volatile Connection connection;
  private volatile boolean closed;

  /** What the loop reports. */
  interface NotificationHandler {
    void received(String pgChannel, String payload);

    void reconnected();
  }

  ListenLoop(PgConnector connector, NotificationHandler handler, String threadName) throws SQLException {
    this.connector = connector;
    this.handler = handler;
    this.connection = connector.connect();
    this.thread = Thread.ofPlatform().daemon().name(threadName).start(this::run);
  }

  /**
   * LISTENs to {@code pgChannel}, returning once the loop has run the LISTEN (or at once if the
   * connection is down: the reconnect LISTENs to every channel).
   */
  void listen(String pgChannel) {
    channels.put(pgChannel, Boolean.TRUE);
    if (closed || connection == null) {
      return;
    }
    Command command = new Command("LISTEN " + pgChannel, new CompletableFuture<>());
    commands.add(command);
    try {
      command.done().get(LISTEN_CONFIRM_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("LISTEN {} on {} not confirmed within {} s; notifications on it may arrive late", pgChannel,
          connector.redactedUrl(), LISTEN_CONFIRM_SECONDS);
    }
  }

  /** UNLISTENs to {@code pgChannel} on the loop's next turn. */
  void unlisten(String pgChannel) {
    channels.remove(pgChannel);
    commands.add(new Command("UNLISTEN " + pgChannel, new CompletableFuture<>()));
  }

  /** Runs the queued LISTENs and UNLISTENs on the loop's connection. */
  private void runCommands() {
    Command command;
    while ((command = commands.poll()) != null) {
      Connection current = connection;
      if (current != null) {
        try (Statement statement = current.createStatement()) {
          statement.execute(command.sql());
        } catch (SQLException e) {
          LOG.warn("{} on {} failed: {}; retrying after reconnect", command.sql(), connector.redactedUrl(),
              e.getMessage());
        }
      }
      command.done().complete(null);
    }
  }

  /** A statement for the loop to run, and what its caller waits on. */
  private record Command(String sql, CompletableFuture<Void> done) {}

  private void run() {
    while (!closed) {
      try {
        if (connection == null) {
          reconnect();
        }
        runCommands();
        PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications(WAIT_MILLIS);
        if (notifications != null) {
          for (PGNotification notification : notifications) {
            handler.received(notification.getName(), notification.getParameter());
          }
        }
      } catch (SQLException e) {
        if (!closed) {
          LOG.warn("Lost the LISTEN connection to {}: {}; reconnecting", connector.redactedUrl(), e.getMessage());
          closeConnection();
          backoff.sleep();
        }
      } catch (RuntimeException e) {
        LOG.error("A notification handler failed", e);
      }
    }
    commands.forEach(command -> command.done().complete(null));
    closeConnection();
  }

  private void reconnect() throws SQLException {
    Connection fresh = connector.connect();
    try (Statement statement = fresh.createStatement()) {
      for (String channel : channels.keySet()) {
        statement.execute("LISTEN " + channel);
      }
    } catch (SQLException e) {
      fresh.close();
      throw e;
    }
    connection = fresh;
    backoff.reset();
    LOG.info("Reconnected the LISTEN connection to {}", connector.redactedUrl());
    handler.reconnected();
  }

  private void closeConnection() {
    Connection current = connection;
    connection = null;
    if (current != null) {
      try {
        current.close();
      } catch (SQLException e) {
        LOG.debug("Closing the LISTEN connection failed: {}", e.getMessage());
      }
    }
  }

  /** Forces a reconnect, as if the connection had been lost (for tests and operators). */
  void dropConnection() {
    closeConnection();
  }

  @Override
  public void close() {
    closed = true;
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
