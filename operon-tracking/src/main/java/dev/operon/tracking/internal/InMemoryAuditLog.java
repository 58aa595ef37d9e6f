package dev.operon.tracking.internal;

import dev.operon.tracking.AuditEvent;
import dev.operon.tracking.AuditLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** An {@link AuditLog} in memory. */
public final class InMemoryAuditLog implements AuditLog {
  private final List<AuditEvent> events = new ArrayList<>();

  @Override
  public synchronized void write(AuditEvent event) {
    events.add(event);
  }

  @Override
  public synchronized List<AuditEvent> query(AuditEvent.Anchor anchor, Instant from, Instant to, String name,
      int limit) {
    return events.stream()
        .filter(e -> e.anchors().stream().anyMatch(a -> a.type().equals(anchor.type()) && a.id().equals(anchor.id())))
        .filter(e -> from == null || !e.occurredAt().isBefore(from))
        .filter(e -> to == null || e.occurredAt().isBefore(to))
        .filter(e -> name == null || e.name().equals(name))
        .sorted(Comparator.comparing(AuditEvent::occurredAt).thenComparing(AuditEvent::id))
        .limit(limit).toList();
  }
}
