package dev.operon.server.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Realistic saga events in three sizes: a small timer event, the medium activity-completed event
 * of the engine's history, and a large workflow-started event carrying a whole order. Deterministic
 * (fixed seed), so every run encodes the same data.
 */
public final class SampleEvents {
  /** The three sizes. */
  public enum Size { SMALL, MEDIUM, LARGE }

  private static final Instant BASE = Instant.parse("2024-01-15T10:30:00Z");

  private SampleEvents() {}

  /** {@code count} distinct events of {@code size}. */
  public static List<SagaEvent> of(Size size, int count) {
    Random random = new Random(42 + size.ordinal());
    List<SagaEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(switch (size) {
        case SMALL -> timerFired(random, i);
        case MEDIUM -> activityCompleted(random, i);
        case LARGE -> workflowStarted(random, i);
      });
    }
    return events;
  }

  /** One medium event, the payload the storage benchmark appends. */
  public static SagaEvent medium() {
    return of(Size.MEDIUM, 1).get(0);
  }

  private static SagaEvent timerFired(Random random, int i) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("timer_id", "tmr-" + Long.toHexString(random.nextLong()));
    attributes.put("started_event_id", 3 + i % 5);
    return event(random, i, "TimerFired", "Timer", attributes);
  }

  private static SagaEvent activityCompleted(Random random, int i) {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("order_id", "order-" + (1000 + i));
    input.put("amount", Math.round(random.nextDouble() * 100_000) / 100.0);
    input.put("currency", "EUR");
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("transaction_id", "txn-" + Long.toHexString(random.nextLong()));
    output.put("approved", true);
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("activity_type", "ProcessPayment");
    attributes.put("input", input);
    attributes.put("output", output);
    attributes.put("attempt", 1);
    return event(random, i, "ActivityTaskCompleted", "Activity", attributes);
  }

  private static SagaEvent workflowStarted(Random random, int i) {
    List<Map<String, Object>> lines = new ArrayList<>();
    for (int line = 0; line < 20; line++) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("sku", "SKU-" + (10_000 + random.nextInt(90_000)));
      item.put("description", "Item " + line + " of a typical customer order, size M, colour blue");
      item.put("quantity", 1 + random.nextInt(5));
      item.put("unit_price", Math.round(random.nextDouble() * 10_000) / 100.0);
      lines.add(item);
    }
    Map<String, Object> address = new LinkedHashMap<>();
    address.put("name", "Ada Lovelace");
    address.put("street", "12 Analytical Engine Road");
    address.put("city", "London");
    address.put("postcode", "NW1 " + random.nextInt(10) + "AB");
    address.put("country", "GB");
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("order_id", "order-" + (1000 + i));
    input.put("customer_id", "cust-" + random.nextInt(1_000_000));
    input.put("lines", lines);
    input.put("shipping_address", address);
    input.put("notes", "Leave the parcel with the neighbour if nobody answers.");
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("workflow_type", "OrderSaga");
    attributes.put("task_queue", "saga-workflows");
    attributes.put("input", input);
    attributes.put("execution_timeout_s", 86_400);
    return event(random, i, "WorkflowExecutionStarted", "Workflow", attributes);
  }

  private static SagaEvent event(
      Random random, int i, String type, String category, Map<String, Object> attributes) {
    return new SagaEvent(
        1 + i,
        "saga-" + new java.util.UUID(random.nextLong(), random.nextLong()),
        type,
        category,
        BASE.plusMillis(i * 137L),
        attributes,
        1,
        false,
        i % 10 == 9,
        "span-" + Long.toHexString(random.nextLong()));
  }
}
