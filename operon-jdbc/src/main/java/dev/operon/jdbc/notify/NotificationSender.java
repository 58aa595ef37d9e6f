package dev.operon.jdbc.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends NOTIFYs from one thread on a dedicated connection. Channels notified while a send is in
 * progress are coalesced: each pending channel is sent once, all of them in one statement.
 */
final class NotificationSender implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationSender.class);
  private static final String SQL = "SELECT pg_notify(c, ?) FROM unnest(?::text[]) AS c";

  private final PgConnector connector;
  private final String payload;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition pendingSignal = lock.newCondition();
  private final Set<String> pending = new LinkedHashSet<>();
  private final Thread thread;
  private final Backoff backoff = new Backoff();
  private volatile boolean closed;
  private Connection connection;

  NotificationSender(PgConnector connector, String payload, String threadName) {
    this.connector = connector;
    this.payload = payload;
    this.thread = Thread.ofPlatform().daemon().name(threadName).start(this::run);
  }

  /** Queues a NOTIFY on {@code pgChannel}; returns at once. */
  void send(String pgChannel) {
    lock.lock();
    try {
      pending.add(pgChannel);
      pendingSignal.signal();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    while (!closed) {
      String[] channels = takePending();
      if (channels.length > 0) {
        sendNow(channels);
      }
    }
    closeConnection();
  }

  private String[] takePending() {
    lock.lock();
    try {
      while (pending.isEmpty() && !closed) {
        pendingSignal.awaitUninterruptibly();
      }
      String[] channels = pending.toArray(String[]::new);
      pending.clear();
      return channels;
    } finally {
      lock.unlock();
    }
  }

  private void sendNow(String[] channels) {
    try {
      if (connection == null) {
        connection = connector.connect();
      }
      try (PreparedStatement statement = connection.prepareStatement(SQL)) {
        statement.setString(1, payload);
        statement.setArray(2, connection.createArrayOf("text", channels));
        statement.execute();
      }
      backoff.reset();
    } catch (SQLException e) {
      LOG.warn("Sending {} notification(s) to {} failed: {}; they are lost, readers poll", channels.length,
          connector.redactedUrl(), e.getMessage());
      closeConnection();
      if (!closed) {
        backoff.sleep();
      }
    }
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.debug("Closing the notify connection failed: {}", e.getMessage());
      }
      connection = null;
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      pendingSignal.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
