package dev.operon.commands.internal;

import dev.operon.commands.ConflictStrategy;
import dev.operon.commands.OperationEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An operation encoded for storage, all of it before anything is written, so that a value that
 * cannot be encoded fails the commit with nothing stored. Its events are deduplicated by id (the
 * last one added wins) and ordered by id.
 */
public record EncodedOperation(String commandType, String command, String items, String nested,
    List<EncodedEvent> events) {

  /**
   * One event to store. {@code delayUntil} is never before the operation's commit; {@code headers}
   * (JSON, null for none) carry the correlation and trace of the operation's command to the handler.
   */
  public record EncodedEvent(String id, ConflictStrategy onConflict, Instant delayUntil, String valueType,
      String value, String headers) {}

  public static EncodedOperation of(OperationState operation, Instant loggedAt) {
    String what = "command";
    String command = OperationCodec.json(operation.command(), what);
    String commandType = operation.command().getClass().getName();
    String items = OperationCodec.items(operation.items().snapshot());
    String nested = OperationCodec.nested(operation.nestedOperations());
    if (operation.events().isEmpty()) {
      return new EncodedOperation(commandType, command, items, nested, List.of());
    }
    Map<String, OperationEvent> byId = new LinkedHashMap<>();
    for (OperationEvent event : operation.events()) {
      byId.remove(event.id());
      byId.put(event.id(), event);
    }
    String headers = TraceHeaders.encode(operation.eventHeaders());
    List<EncodedEvent> events = new ArrayList<>(byId.size());
    byId.values().stream().sorted(java.util.Comparator.comparing(OperationEvent::id)).forEach(event -> {
      Instant due = event.delayUntil() == null || event.delayUntil().isBefore(loggedAt) ? loggedAt : event.delayUntil();
      events.add(new EncodedEvent(event.id(), event.onConflict(), due, event.value().getClass().getName(),
          OperationCodec.json(event.value(), "the value of event " + event.id()), headers));
    });
    return new EncodedOperation(commandType, command, items, nested, List.copyOf(events));
  }

  /** The id of the processed event a commit stores in place of an operation that must not be stored. */
  public static String markerId(String operationId) {
    return "~op-" + operationId;
  }
}
