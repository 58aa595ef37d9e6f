package dev.operon.tracking.internal.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.jdbc.CapabilityTables;
import dev.operon.jdbc.EpochNanos;
import dev.operon.jdbc.JdbcDatabase;
import dev.operon.tracking.AuditEvent;
import dev.operon.tracking.AuditLog;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@link AuditLog} of a SQLite or PostgreSQL database: each event as JSON in {@code audit_events},
 * and one row per anchor in {@code audit_anchors}, keyed by anchor and time, which is how queries
 * find them.
 */
public final class JdbcAuditLog implements AuditLog {
  private static final ObjectMapper JSON = dev.operon.codec.JsonMappers.json();
  private final CapabilityTables tables;

  public JdbcAuditLog(JdbcDatabase database) {
    this.tables = CapabilityTables.migrate(database, "tracking", JdbcTrackingStore.class,
        "/dev/operon/tracking/migrations/", ErrorKind.EVENT_STORE);
  }

  @Override
  public void write(AuditEvent event) {
    String json;
    try {
      json = JSON.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw OperonException.of(ErrorKind.CODEC, "Audit event " + event.name() + " cannot be written as JSON: "
          + e.getMessage()).cause(e).build();
    }
    long at = EpochNanos.of(event.occurredAt());
    tables.write(c -> {
      try (PreparedStatement st = c.prepareStatement(tables.sql("INSERT INTO {p}audit_events (id, occurred_at_ns, name,"
          + " event) VALUES (?, ?, ?, ?)"))) {
        st.setString(1, event.id());
        st.setLong(2, at);
        st.setString(3, event.name());
        st.setString(4, json);
        st.executeUpdate();
      }
      Set<String> seen = new LinkedHashSet<>();
      try (PreparedStatement st = c.prepareStatement(tables.sql("INSERT INTO {p}audit_anchors (event_id, anchor_type,"
          + " anchor_id, occurred_at_ns) VALUES (?, ?, ?, ?)"))) {
        for (AuditEvent.Anchor anchor : event.anchors()) {
          if (seen.add(anchor.type() + "\u0000" + anchor.id())) {
            st.setString(1, event.id());
            st.setString(2, anchor.type());
            st.setString(3, anchor.id());
            st.setLong(4, at);
            st.addBatch();
          }
        }
        st.executeBatch();
      }
      return null;
    });
  }

  @Override
  public List<AuditEvent> query(AuditEvent.Anchor anchor, Instant from, Instant to, String name, int limit) {
    return tables.read(c -> {
      try (PreparedStatement st = c.prepareStatement(tables.sql("SELECT e.event FROM {p}audit_anchors a"
          + " JOIN {p}audit_events e ON e.id = a.event_id WHERE a.anchor_type = ? AND a.anchor_id = ?"
          + " AND a.occurred_at_ns >= ? AND a.occurred_at_ns < ? AND (CAST(? AS TEXT) IS NULL OR e.name = ?)"
          + " ORDER BY a.occurred_at_ns, a.event_id LIMIT ?"))) {
        st.setString(1, anchor.type());
        st.setString(2, anchor.id());
        st.setLong(3, from == null ? Long.MIN_VALUE : EpochNanos.of(from));
        st.setLong(4, to == null ? Long.MAX_VALUE : EpochNanos.of(to));
        st.setString(5, name);
        st.setString(6, name);
        st.setInt(7, limit);
        List<AuditEvent> found = new ArrayList<>();
        try (ResultSet rows = st.executeQuery()) {
          while (rows.next()) {
            found.add(JSON.readValue(rows.getString(1), AuditEvent.class));
          }
        } catch (JsonProcessingException e) {
          throw OperonException.of(ErrorKind.CODEC, "A stored audit event is not JSON: " + e.getMessage()).cause(e)
              .build();
        }
        return found;
      }
    });
  }
}
