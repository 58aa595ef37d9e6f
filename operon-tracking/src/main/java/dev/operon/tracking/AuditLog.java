package dev.operon.tracking;

import java.time.Instant;
import java.util.List;

/** Where audit events are written and found again: by anchor, within a time range, by name. */
public interface AuditLog {

  void write(AuditEvent event);

  /**
   * The events about {@code anchor} (type and id; any role), oldest first, from {@code from}
   * (inclusive, null for no bound) to {@code to} (exclusive), of name {@code name} if not null, at
   * most {@code limit}.
   */
  List<AuditEvent> query(AuditEvent.Anchor anchor, Instant from, Instant to, String name, int limit);
}
