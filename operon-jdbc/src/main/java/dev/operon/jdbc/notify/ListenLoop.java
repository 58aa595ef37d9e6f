package dev.operon.jdbc.notify;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the dedicated LISTEN connection: waits for notifications with
 * {@code PGConnection.getNotifications(timeout)}, hands each one (channel, payload) on, and after a
 * lost connection reconnects with back-off (1 s doubling to 10 s), LISTENs again to every channel
 * and reports the reconnect (notifications may have been missed meanwhile).
 */
final class ListenLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ListenLoop.class);
  private static final int WAIT_MILLIS = 100;

  private final PgConnector connector;
  private final NotificationHandler handler;
  private final Map<String, Boolean> channels = new ConcurrentHashMap<>();
  private final Backoff backoff = new Backoff();
  private final Thread thread;
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

  /** LISTENs to {@code pgChannel} now (or on the next reconnect if the connection is down). */
  void listen(String pgChannel) {
    channels.put(pgChannel, Boolean.TRUE);
    execute("LISTEN " + pgChannel);
  }

  void unlisten(String pgChannel) {
    channels.remove(pgChannel);
    execute("UNLISTEN " + pgChannel);
  }

  private void execute(String sql) {
    Connection current = connection;
    if (current == null) {
      return;
    }
    try (Statement statement = current.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      LOG.warn("{} on {} failed: {}; retrying after reconnect", sql, connector.redactedUrl(), e.getMessage());
    }
  }

  private void run() {
    while (!closed) {
      try {
        if (connection == null) {
          reconnect();
        }
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
