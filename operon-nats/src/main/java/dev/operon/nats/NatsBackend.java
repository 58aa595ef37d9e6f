package dev.operon.nats;

import dev.operon.error.ErrorKind;
import dev.operon.notify.ChangeNotifier;
import dev.operon.queue.TaskQueue;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendUrl;
import dev.operon.spi.Health;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A NATS server opened by URL: one connection shared by its task queue (JetStream) and its change
 * notifier (core pub/sub). Closing it closes both.
 */
final class NatsBackend implements Backend {
  private static final Logger log = LoggerFactory.getLogger(NatsBackend.class);

  private final BackendUrl url;
  private final BackendOptions options;
  private final Connection connection;
  private NatsTaskQueue taskQueue;
  private NatsChangeNotifier notifier;

  NatsBackend(BackendUrl url, BackendOptions options) {
    this.url = url;
    this.options = options;
    this.connection = NatsConnector.connect(url, ErrorKind.TASK_QUEUE);
  }

  @Override
  public BackendUrl url() {
    return url;
  }

  @Override
  public Health check() {
    try {
      String version = connection.getServerInfo().getVersion();
      if (!connection.getServerInfo().isJetStreamAvailable()) {
        return Health.failed("NATS " + version + " at " + url + " has JetStream disabled",
            "restart it with -js: nats-server -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server &");
      }
      connection.flush(Duration.ofSeconds(2));
      new QueueTopology(management(), new QueueNaming(options.tablePrefix()),
          options.queue().ackWait()).createStreams();
      return Health.ok("NATS " + version + ", JetStream ok");
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return Health.failed("NATS at " + url + " failed: " + NatsConnector.describe(e),
          NatsConnector.START_HINT);
    }
  }

  @Override
  public synchronized TaskQueue taskQueue() {
    if (taskQueue == null) {
      taskQueue = NatsTaskQueue.on(connection, options);
    }
    return taskQueue;
  }

  @Override
  public synchronized ChangeNotifier notifier() {
    if (notifier == null) {
      notifier = NatsChangeNotifier.on(connection, options);
    }
    return notifier;
  }

  @Override
  public synchronized void close() {
    if (notifier != null) {
      notifier.close();
    }
    closeQuietly(connection);
  }

  private JetStreamManagement management() throws java.io.IOException {
    return connection.jetStreamManagement();
  }

  static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.debug("Closing the NATS connection failed: {}", e.toString());
    }
  }
}
