package dev.operon.bench.peers;

import dev.operon.nats.NatsTaskQueue;
import dev.operon.queue.QueueSettings;
import dev.operon.server.OpenBackends;
import dev.operon.server.PortUrls;
import dev.operon.spi.BackendOptions;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Operon's ports on the scratch database, as {@code bench saga} opens them (a table prefix of the
 * run, a pool of {@link PeersSettings#poolSize()}, a 5-minute ack wait), with the queue of
 * {@code --queue}. Closing deletes the run's JetStream streams when the queue is NATS, whose tasks
 * outlive the scratch database.
 */
final class ScratchBackends implements AutoCloseable {
  private final OpenBackends backends;
  private final PrintWriter progress;

  private ScratchBackends(OpenBackends backends, PrintWriter progress) {
    this.backends = backends;
    this.progress = progress;
  }

  /** Opens the ports of {@code run}'s scratch database, with a table prefix of the run's own. */
  static ScratchBackends open(PeerRun run) {
    BackendOptions options = BackendOptions.defaults()
        .withTablePrefix("peers_" + run.scratch().suffix() + "_")
        .withPoolSize(run.settings().poolSize())
        .withQueue(new QueueSettings(Duration.ofMinutes(5), 3));
    return new ScratchBackends(OpenBackends.open(
        new PortUrls(run.scratch().storeUrl(), run.settings().queue(), "local"), options), run.progress());
  }

  OpenBackends ports() {
    return backends;
  }

  @Override
  public void close() {
    try {
      if (backends.taskQueue() instanceof NatsTaskQueue nats) {
        nats.deleteStreams();
        progress.println("  cleaned up: deleted the run's JetStream streams");
      }
    } catch (RuntimeException e) {
      progress.println("  could not delete the run's JetStream streams: " + e.getMessage());
    } finally {
      backends.close();
    }
  }
}
