package dev.operon.server.demo;

import dev.operon.codec.Codec;
import dev.operon.error.ConflictException;
import dev.operon.eventstore.EventStore;
import dev.operon.eventstore.NewEvent;
import dev.operon.eventstore.Snapshot;
import dev.operon.eventstore.StoredEvent;
import dev.operon.server.demo.OrderEvents.OrderCancelled;
import dev.operon.server.demo.OrderEvents.OrderPlaced;
import dev.operon.server.demo.OrderEvents.OrderShipped;
import dev.operon.server.demo.OrderEvents.OrderState;
import dev.operon.server.demo.OrderEvents.PaymentCaptured;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Appends, conflicts, reads, tails the global log and snapshots, on a real event store. */
final class EventStoreTour {
  private static final Codec JSON = Codec.json();
  private static final Codec BINARY = Codec.binary();

  private final EventStore store;
  private final Narrator narrator;
  private final List<String> streams;
  private final List<Double> appendMillis = new ArrayList<>();
  private long minPosition = Long.MAX_VALUE;

  EventStoreTour(EventStore store, Narrator narrator, String runId) {
    this.store = store;
    this.narrator = narrator;
    this.streams = List.of("order-" + runId + "-1", "order-" + runId + "-2", "order-" + runId + "-3");
  }

  void run() {
    appendOrders();
    showConflict();
    readBack();
    tailGlobalLog();
    snapshots();
  }

  private void appendOrders() {
    narrator.section("Event store: append to three order streams, each with the expected last id");
    narrator.say("An append names the id it expects the stream to end at (0 for a new stream);");
    narrator.say("the store gives the event the next id, or refuses if someone got there first.");
    for (int i = 0; i < streams.size(); i++) {
      String order = streams.get(i);
      append(order, 0, "OrderPlaced",
          new OrderPlaced(order, "customer-" + (i + 1), 1999L * (i + 1), List.of("book", "lamp")));
    }
    for (String order : streams) {
      append(order, 1, "PaymentCaptured", new PaymentCaptured(order, "txn-" + order, 0));
    }
    for (String order : streams.subList(0, 2)) {
      append(order, 2, "OrderShipped", new OrderShipped(order, "parcel-co", "TRK-" + order));
    }
    List<Double> warm = appendMillis.subList(1, appendMillis.size()).stream().sorted().toList();
    narrator.figure("event store: %d events appended to %d streams, median %.2f ms per append"
        + " (the first, cold one: %.1f ms)", appendMillis.size(), streams.size(),
        warm.get(warm.size() / 2), appendMillis.get(0));
  }

  private void append(String stream, long expected, String type, Object payload) {
    byte[] bytes = JSON.encode(payload);
    long start = System.nanoTime();
    long id = store.append(stream, expected, new NewEvent(type, bytes, Map.of("category", "Order")));
    double millis = Narrator.millisSince(start);
    appendMillis.add(millis);
    narrator.say("append %-17s to %s expecting %d -> id %d  (%d bytes, %.2f ms)",
        type, stream, expected, id, bytes.length, millis);
  }

  private void showConflict() {
    narrator.section("Event store: a stale writer is refused, nothing is written");
    String stream = streams.get(0);
    narrator.say("A second writer still believes %s ends at id 1 and tries to cancel the order.", stream);
    try {
      store.append(stream, 1, new NewEvent("OrderCancelled",
          JSON.encode(new OrderCancelled(stream, "changed my mind"))));
      narrator.say("UNEXPECTED: the append went through");
      narrator.figure("event store: a stale append was NOT refused (adapter bug)");
    } catch (ConflictException e) {
      narrator.say("refused: Conflict{stream=%s, expected=%d, actual=%d}",
          e.stream(), e.expected(), e.actual());
      narrator.say("the stream still ends at id %d: the writer must re-read and decide again",
          store.currentId(stream));
      narrator.figure("event store: 1 stale append refused as Conflict{expected=%d, actual=%d};"
          + " nothing written", e.expected(), e.actual());
    }
  }

  private void readBack() {
    narrator.section("Event store: read a stream back");
    String stream = streams.get(0);
    List<StoredEvent> events = store.read(stream, 0);
    for (StoredEvent event : events) {
      minPosition = Math.min(minPosition, event.position());
      narrator.say("%s #%d %-15s %s", stream, event.id(), event.type(),
          new String(event.payload(), StandardCharsets.UTF_8));
    }
    List<StoredEvent> after = store.read(stream, 1);
    narrator.say("read after id 1 returns ids %s (the id given is exclusive)",
        after.stream().map(e -> String.valueOf(e.id())).toList());
    narrator.say("exists(%s) = %s, exists(order-nobody) = %s",
        stream, store.exists(stream), store.exists("order-nobody-" + stream));
    for (String other : streams) {
      store.read(other, 0).forEach(e -> minPosition = Math.min(minPosition, e.position()));
    }
  }

  private void tailGlobalLog() {
    narrator.section("Event store: the global log, in commit order across all streams");
    narrator.say("A log tailer keeps the position of the last event it saw and asks for what follows.");
    long start = System.nanoTime();
    List<StoredEvent> log = store.readAll(minPosition - 1, 50);
    double millis = Narrator.millisSince(start);
    Set<String> ours = Set.copyOf(streams);
    int shown = 0;
    for (StoredEvent event : log) {
      if (ours.contains(event.stream())) {
        narrator.say("position %-6d %s #%d %s", event.position(), event.stream(), event.id(), event.type());
        shown++;
      }
    }
    narrator.figure("global log: %d events read in position order in %.2f ms", shown, millis);
  }

  private void snapshots() {
    narrator.section("Event store: snapshots with a SHA-256 checksum, a bounded number kept");
    String stream = streams.get(0);
    OrderState state = OrderState.empty(stream);
    List<StoredEvent> events = store.read(stream, 0);
    for (StoredEvent event : events) {
      state = state.apply(event.type(), JSON.decode(event.payload(), Map.class));
    }
    byte[] bytes = BINARY.encode(state);
    Snapshot saved = store.saveSnapshot(stream, events.size(), bytes);
    narrator.say("folded %d events into %s, saved as a %d-byte %s snapshot, checksum %s…",
        events.size(), state, bytes.length, BINARY.name(), saved.checksum().substring(0, 16));
    Optional<Snapshot> latest = store.latestSnapshot(stream);
    latest.ifPresent(s -> narrator.say("latest snapshot: up to event %d, intact=%s, state %s",
        s.lastEventId(), s.intact(), BINARY.decode(s.state(), OrderState.class)));
    boundedSnapshots(bytes.length);
  }

  private void boundedSnapshots(int orderSnapshotBytes) {
    String cart = streams.get(0).replace("order-", "cart-");
    long last = 0;
    for (int item = 1; item <= 10; item++) {
      last = store.append(cart, last, new NewEvent("ItemAdded",
          JSON.encode(Map.of("sku", "SKU-" + item, "quantity", item))));
      if (item >= 4) {
        store.saveSnapshot(cart, last, BINARY.encode(Map.of("items", item)));
      }
    }
    int kept = store.snapshotCount(cart);
    long latest = store.latestSnapshot(cart).map(Snapshot::lastEventId).orElse(0L);
    narrator.say("%s: 10 events, a snapshot after each of events 4..10 (7 saved); the store"
        + " keeps %d, the latest up to event %d, so a replay reads %d event(s) instead of 10",
        cart, kept, latest, last - latest);
    narrator.figure("snapshots: %d bytes (%s) for an order, checksum verified on load;"
        + " 7 saved on a busy stream, %d kept", orderSnapshotBytes, BINARY.name(), kept);
  }
}
