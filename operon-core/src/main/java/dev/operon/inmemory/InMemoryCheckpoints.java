package dev.operon.inmemory;

import dev.operon.checkpoint.CheckpointNames;
import dev.operon.checkpoint.Checkpoints;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@link Checkpoints} in memory, for tests and embedded use without persistence. A save merges with
 * the saved position by taking the larger, atomically per consumer. The in-memory backend has no
 * transactions ({@link dev.operon.spi.Transactor#direct()}), so each save takes effect at once.
 */
public final class InMemoryCheckpoints implements Checkpoints {
  private final ConcurrentMap<String, Long> positions = new ConcurrentHashMap<>();

  /** An empty store. */
  public InMemoryCheckpoints() {}

  @Override
  public long position(String consumer) {
    return positions.getOrDefault(CheckpointNames.requireConsumer(consumer), 0L);
  }

  @Override
  public void save(String consumer, long position) {
    CheckpointNames.requireConsumer(consumer);
    CheckpointNames.requirePosition(consumer, position);
    positions.merge(consumer, position, Math::max);
  }
}
