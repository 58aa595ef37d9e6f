package dev.operon.tracking;

import dev.operon.tracking.internal.InMemoryTrackingStore;

/** Tracked operations in memory. */
class MemoryTrackingTest extends TrackingContract {
  @Override
  protected TrackingStore openStore() {
    return new InMemoryTrackingStore(clock);
  }

  @Override
  protected AuditLog openAuditLog() {
    return new dev.operon.tracking.internal.InMemoryAuditLog();
  }
}
