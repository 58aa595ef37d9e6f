package dev.operon.commands.internal;

import dev.operon.commands.Command;
import dev.operon.commands.Items;
import dev.operon.commands.NestedOperation;
import dev.operon.commands.Operation;
import dev.operon.commands.OperationEvent;
import dev.operon.error.OperonException;
import dev.operon.id.IdGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** An operation as the pipeline builds it while its command runs, or as read from the log. */
public final class OperationState implements Operation {
  private final String ulid;
  private final String hostId;
  private final Command<?> command;
  private final Items items;
  private final List<NestedOperation> nested = new ArrayList<>();
  private final List<OperationEvent> events = new ArrayList<>();
  private boolean persistent;
  private boolean mustStore = true;
  private Instant loggedAt;
  private long index;
  private java.util.Map<String, String> eventHeaders;

  /** A new transient operation of {@code command}. */
  OperationState(String ulid, String hostId, Command<?> command) {
    this.ulid = ulid;
    this.hostId = hostId;
    this.command = command;
    this.items = new Items();
  }

  /** An operation read from the log: persistent, committed at {@code loggedAt}. */
  public static OperationState stored(long index, String id, String hostId, Instant loggedAt, Command<?> command,
      Items items, List<NestedOperation> nested) {
    OperationState operation = new OperationState(id, hostId, command, items);
    operation.persistent = true;
    operation.loggedAt = loggedAt;
    operation.index = index;
    operation.nested.addAll(nested);
    return operation;
  }

  private OperationState(String ulid, String hostId, Command<?> command, Items items) {
    this.ulid = ulid;
    this.hostId = hostId;
    this.command = command;
    this.items = items;
  }

  /** The ULID of the operation, without the transient suffix. */
  String ulid() {
    return ulid;
  }

  @Override
  public String id() {
    return persistent ? ulid : ulid + IdGenerator.TRANSIENT_SUFFIX;
  }

  @Override
  public String hostId() {
    return hostId;
  }

  @Override
  public Optional<Instant> loggedAt() {
    return Optional.ofNullable(loggedAt);
  }

  public void loggedAt(Instant at) {
    this.loggedAt = at;
  }

  @Override
  public Command<?> command() {
    return command;
  }

  @Override
  public Items items() {
    return items;
  }

  @Override
  public List<NestedOperation> nestedOperations() {
    return Collections.unmodifiableList(nested);
  }

  void addNested(NestedOperation operation) {
    nested.add(operation);
  }

  @Override
  public List<OperationEvent> events() {
    return Collections.unmodifiableList(events);
  }

  @Override
  public boolean isTransient() {
    return !persistent;
  }

  void becomePersistent() {
    this.persistent = true;
  }

  @Override
  public boolean mustStore() {
    return mustStore;
  }

  @Override
  public void mustStore(boolean store) {
    this.mustStore = store;
  }

  @Override
  public OperationEvent addEvent(OperationEvent event) {
    java.util.Objects.requireNonNull(event, "event");
    if (!persistent) {
      throw OperonException.invalid("Operation " + id() + " of command " + command.getClass().getName()
          + " is transient and cannot have events: make it persistent first (context.persist(),"
          + " or OperationDb.connection(context) on a database)");
    }
    events.add(event);
    return event;
  }

  /** The headers its events carry to their handlers (the trace of its command), or null. */
  java.util.Map<String, String> eventHeaders() {
    return eventHeaders;
  }

  void eventHeaders(java.util.Map<String, String> headers) {
    this.eventHeaders = headers;
  }

  @Override
  public long index() {
    return index;
  }

  public void index(long index) {
    this.index = index;
  }

  /** This operation as its invalidation pass shows it to a handler: the same, with {@code entryItems}. */
  OperationState withItems(Items entryItems) {
    OperationState view = new OperationState(ulid, hostId, command, entryItems);
    view.persistent = persistent;
    view.mustStore = mustStore;
    view.loggedAt = loggedAt;
    view.index = index;
    view.nested.addAll(nested);
    view.events.addAll(events);
    view.eventHeaders = eventHeaders;
    return view;
  }

  @Override
  public String toString() {
    return "Operation " + id() + " of " + command.getClass().getSimpleName() + " on " + hostId;
  }
}
