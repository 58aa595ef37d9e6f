package dev.operon.tracking;

import dev.operon.error.OperonException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Something that happened and must be answerable later: a name ({@code webhook.processed}), a
 * message for people, an outcome, what it is about (at least one anchor: type, id, role), who did it,
 * up to 16,384 characters of JSON data, and the correlation it belongs to.
 */
public record AuditEvent(String id, Instant occurredAt, String name, String message, Outcome outcome,
    List<Anchor> anchors, Actor actor, String dataJson, String correlationId) {
  /** The most characters of JSON data an audit event may carry. */
  public static final int MAX_DATA_LENGTH = 16_384;

  public enum Outcome { SUCCESS, FAILURE, WARNING, INFO }

  /** What an event is about: e.g. type Invoice, id inv-7, role Subject. */
  public record Anchor(String type, String id, String role) {
    public Anchor {
      if (type == null || type.isBlank() || id == null || id.isBlank()) {
        throw OperonException.invalid("An audit anchor needs a type and an id, was " + type + "/" + id);
      }
      role = role == null || role.isBlank() ? "Subject" : role;
    }
  }

  /** Who did it: e.g. type User, id u-1, display "Ada". */
  public record Actor(String type, String id, String display) {
    public Actor {
      if (type == null || type.isBlank() || id == null || id.isBlank()) {
        throw OperonException.invalid("An audit actor needs a type and an id, was " + type + "/" + id);
      }
    }
  }

  public AuditEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(occurredAt, "occurredAt");
    name = OperationNames.require(name);
    if (message == null || message.isBlank()) {
      throw OperonException.invalid("Audit event " + name + " needs a message");
    }
    Objects.requireNonNull(outcome, "outcome");
    if (anchors == null || anchors.isEmpty()) {
      throw OperonException.invalid("Audit event " + name + " needs at least one anchor (what it is about)");
    }
    anchors = List.copyOf(anchors);
    if (dataJson != null && dataJson.length() > MAX_DATA_LENGTH) {
      throw OperonException.invalid("The data of audit event " + name + " has " + dataJson.length()
          + " characters, more than " + MAX_DATA_LENGTH);
    }
  }
}
