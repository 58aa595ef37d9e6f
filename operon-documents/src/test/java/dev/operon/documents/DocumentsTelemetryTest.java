package dev.operon.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.documents.TodoModel.AddTodo;
import dev.operon.runtime.ManualClock;
import dev.operon.tracking.CorrelationContext;
import dev.operon.tracking.Telemetry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The meters and spans of dispatches: operations applied and rejected, their time, a span per dispatch. */
class DocumentsTelemetryTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T10:00:00Z"));
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private SdkTracerProvider tracerProvider;
  private Documents documents;

  @BeforeEach
  void setUp() {
    tracerProvider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    documents = Documents.builder().store(OperationStores.inMemory()).model(TodoModel.MODEL).clock(clock)
        .telemetry(Telemetry.of(meters, OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build()))
        .build();
    documents.create("doc-1", "todo-list", "Groceries");
  }

  @AfterEach
  void tearDown() {
    tracerProvider.close();
  }

  private Action add(String id, String text) {
    return documents.action("ADD_TODO", "global", new AddTodo(id, text));
  }

  private double operations(String outcome) {
    return meters.get("operon.documents.operations").tags("document", "todo-list", "outcome", outcome).counter()
        .count();
  }

  @Test
  void appliedOperationsAndRejectedActionsAreCountedAndEveryDispatchIsTimedAndTraced() {
    documents.dispatch("doc-1", add("t1", "milk"), add("t2", "bread"));
    documents.undo("doc-1", "global");
    assertThatThrownBy(() -> documents.dispatch("doc-1", add("t3", " "))).hasMessageContaining("blank");

    assertThat(operations("applied")).isEqualTo(3);
    assertThat(operations("rejected")).isEqualTo(1);
    assertThat(meters.get("operon.documents.dispatch.duration").tags("document", "todo-list").timer().count())
        .isEqualTo(3);
    assertThat(meters.get("operon.documents.operations").counter().getId().getDescription()).isNotBlank();

    List<SpanData> finished = spans.getFinishedSpanItems();
    assertThat(finished).extracting(SpanData::getName)
        .containsExactly("document ADD_TODO", "document UNDO", "document ADD_TODO");
    SpanData first = finished.get(0);
    assertThat(first.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(first.getAttributes().get(Telemetry.WORKFLOW_TYPE)).isEqualTo("document");
    assertThat(first.getAttributes().get(Telemetry.WORKFLOW_ID)).isEqualTo("doc-1");
    assertThat(first.getAttributes().get(Telemetry.WORKFLOW_NAME)).isEqualTo("todo-list");
    assertThat(first.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    SpanData rejected = finished.get(2);
    assertThat(rejected.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(rejected.getEvents()).anySatisfy(event -> assertThat(event.getName()).isEqualTo("exception"));
  }

  @Test
  void aDispatchsSpanContinuesTheTraceOfTheAmbientCorrelationContext() {
    CorrelationContext caller = new CorrelationContext("corr-1", null, "4bf92f3577b34da6a3ce929d0e0e4736",
        "00f067aa0ba902b7", clock.instant(), null);
    try (CorrelationContext.Scope scope = caller.activate()) {
      documents.dispatch("doc-1", add("t1", "milk"));
    }

    assertThat(spans.getFinishedSpanItems()).singleElement().satisfies(span -> {
      assertThat(span.getTraceId()).isEqualTo(caller.traceId());
      assertThat(span.getParentSpanId()).isEqualTo(caller.spanId());
    });
  }

  @Test
  void aDispatchToAMissingDocumentIsRejectedAsUnknown() {
    assertThatThrownBy(() -> documents.dispatch("nope", add("t1", "milk"))).hasMessageContaining("no document nope");

    assertThat(meters.get("operon.documents.operations").tags("document", "unknown", "outcome", "rejected")
        .counter().count()).isEqualTo(1);
    assertThat(spans.getFinishedSpanItems()).singleElement()
        .satisfies(span -> assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR));
  }
}
