package dev.operon.saga;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.operon.codec.Codec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HistoryEventTest {

  @Test
  void encodesToTheStoredShapeAndBack() {
    var attributes = JsonNodeFactory.instance.objectNode().put("activity_type", "process-payment");
    var event = new HistoryEvent(15, "saga-1", EventType.ACTIVITY_TASK_COMPLETED, null,
        Instant.parse("2024-01-15T10:30:00Z"), attributes, 1, false, false, "span-1");
    byte[] json = Codec.json().encode(event);
    String text = new String(json, StandardCharsets.UTF_8);
    assertThat(text).contains("\"event_id\":15", "\"saga_id\":\"saga-1\"",
        "\"event_type\":\"ActivityTaskCompleted\"", "\"category\":\"Activity\"",
        "\"is_reset_point\":false", "\"is_retry\":false", "\"trace_id\":\"span-1\"",
        "\"timestamp\":\"2024-01-15T10:30:00Z\"");
    assertThat(Codec.json().decode(json, HistoryEvent.class)).isEqualTo(event);
  }

  @Test
  void thirteenCategoriesEachWithAtLeastOneType() {
    assertThat(EventCategory.values()).hasSize(13);
    for (EventCategory category : EventCategory.values()) {
      assertThat(Arrays.stream(EventType.values()).filter(t -> t.category() == category)).isNotEmpty();
    }
    assertThat(EventType.ofTypeName("SignalReceived")).isEqualTo(EventType.SIGNAL_RECEIVED);
    assertThat(EventCategory.CHILD_WORKFLOW.label()).isEqualTo("ChildWorkflow");
  }
}
