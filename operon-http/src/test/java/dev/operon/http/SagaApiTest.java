package dev.operon.http;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operon.http.HttpFixture.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sagas over HTTP as a caller uses them: start, describe, history, signal, cancel, list in pages. */
class SagaApiTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private HttpFixture fixture;

  @BeforeEach
  void start() throws Exception {
    fixture = new HttpFixture(dir, builder -> {});
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void aSagaStartedWithABusinessIdWaitsForItsSignalAndCompletes() throws Exception {
    String op = fixture.operator;
    Answer started = fixture.call("POST", "/api/sagas",
        "{\"workflowType\":\"Approval\",\"input\":\"ada\",\"businessId\":\"order-1\"}", op);
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    assertThat(started.json().get("sagaId").asText()).isEqualTo("order-1");
    assertThat(started.response().headers().firstValue("Location")).hasValue("/api/sagas/order-1");

    Answer again = fixture.call("POST", "/api/sagas",
        "{\"workflowType\":\"Approval\",\"input\":\"ada\",\"businessId\":\"order-1\"}", op);
    assertThat(again.json().get("sagaId").asText()).isEqualTo("order-1");
    Answer otherInput = fixture.call("POST", "/api/sagas",
        "{\"workflowType\":\"Approval\",\"input\":\"bob\",\"businessId\":\"order-1\"}", op);
    assertThat(otherInput.problem(400).get("errorKind").asText()).isEqualTo("VALIDATION");

    eventually(WAIT, () -> assertThat(describe("order-1").get("state").asText()).isEqualTo("PAUSED"));
    JsonNode waiting = describe("order-1").get("pendingTimers");
    assertThat(waiting).as("the signal's timeout").singleElement().satisfies(timer -> {
      assertThat(java.time.Instant.parse(timer.get("fireAt").asText())).isAfter(java.time.Instant.now().plusSeconds(3000));
      assertThat(timer.get("signal").asText()).isEqualTo("approve");
    });
    Answer signalled = fixture.call("POST", "/api/sagas/order-1/signals/approve", "true", op);
    assertThat(signalled.status()).as(signalled.body()).isEqualTo(202);
    eventually(WAIT, () -> assertThat(describe("order-1").get("state").asText()).isEqualTo("COMPLETED"));
    JsonNode saga = describe("order-1");
    assertThat(saga.get("terminal").asBoolean()).isTrue();
    assertThat(saga.get("pendingTimers")).as("the signal came: its timeout was cancelled").isEmpty();
    assertThat(saga.get("workflowType").asText()).isEqualTo("Approval");

    JsonNode history = fixture.call("GET", "/api/sagas/order-1/history", null, fixture.viewer).json();
    List<String> types = new ArrayList<>();
    history.get("events").forEach(e -> types.add(e.get("type").asText()));
    assertThat(types).first().isEqualTo("WorkflowExecutionStarted");
    assertThat(types).contains("SignalReceived", "ActivityTaskCompleted").last()
        .isEqualTo("WorkflowExecutionCompleted");
    assertThat(saga.get("events").asInt()).isEqualTo(types.size());

    JsonNode firstTwo = fixture.call("GET", "/api/sagas/order-1/history?limit=2", null, fixture.viewer).json();
    assertThat(firstTwo.get("events")).hasSize(2);
    assertThat(firstTwo.get("nextAfter").asLong()).isEqualTo(2);
    JsonNode rest = fixture.call("GET", "/api/sagas/order-1/history?after=2", null, fixture.viewer).json();
    assertThat(rest.get("events").get(0).get("eventId").asLong()).isEqualTo(3);
    assertThat(rest.get("nextAfter").isNull()).isTrue();
  }

  @Test
  void aParentShowsItsChildSagaAndWhereItStands() throws Exception {
    fixture.call("POST", "/api/sagas", "{\"workflowType\":\"Parent\",\"businessId\":\"parent-1\",\"input\":\"p\"}",
        fixture.operator);
    eventually(WAIT, () -> assertThat(describe("parent-1").get("state").asText()).isEqualTo("COMPLETED"));
    JsonNode children = describe("parent-1").get("children");
    assertThat(children).singleElement().satisfies(child -> {
      assertThat(child.get("workflowType").asText()).isEqualTo("OneStep");
      assertThat(child.get("status").asText()).isEqualTo("COMPLETED");
      assertThat(describe(child.get("sagaId").asText()).get("state").asText()).isEqualTo("COMPLETED");
    });
  }

  @Test
  void anUpdateIsAcceptedOrRefusedAndAQueryReadsTheSagasState() throws Exception {
    String op = fixture.operator;
    fixture.call("POST", "/api/sagas", "{\"workflowType\":\"Approval\",\"businessId\":\"noted\",\"input\":\"x\"}", op);
    eventually(WAIT, () -> assertThat(fixture.call("GET", "/api/sagas/noted", null, fixture.viewer).json().get("state")
        .asText()).isEqualTo("PAUSED"));

    Answer updated = fixture.call("POST", "/api/sagas/noted/updates/note?timeout=PT20S", "\"call the customer\"", op);
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    assertThat(updated.json().get("result").asInt()).isEqualTo(1);
    Answer queried = fixture.call("GET", "/api/sagas/noted/queries/notes", null, fixture.viewer);
    assertThat(queried.json().get("result").toString()).isEqualTo("[\"call the customer\"]");

    JsonNode refused = fixture.call("POST", "/api/sagas/noted/updates/note", "\"  \"", op).problem(400);
    assertThat(refused.get("detail").asText()).contains("a note needs a text");
    fixture.call("GET", "/api/sagas/noted/queries/nope", null, fixture.viewer).problem(400);
    fixture.call("POST", "/api/sagas/noted/updates/note?timeout=forever", "\"x\"", op).problem(400);
    fixture.call("POST", "/api/sagas/nobody/updates/note", "\"x\"", op).problem(404);
    fixture.call("POST", "/api/sagas/noted/updates/note", "\"x\"", fixture.viewer).problem(403);
    assertThat(fixture.call("GET", "/api/sagas/noted/queries/notes", null, fixture.viewer).json().get("result"))
        .as("refused updates are not recorded").hasSize(1);
  }

  @Test
  void aCancelledSagaEndsCancelledAndASecondCancelSaysSo() throws Exception {
    String id = fixture.call("POST", "/api/sagas", "{\"workflowType\":\"Approval\",\"input\":\"x\"}", fixture.operator)
        .json().get("sagaId").asText();
    eventually(WAIT, () -> assertThat(describe(id).get("state").asText()).isEqualTo("PAUSED"));
    Answer cancelled = fixture.call("POST", "/api/sagas/" + id + "/cancel", null, fixture.operator);
    assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
    assertThat(cancelled.json().get("cancelRequested").asBoolean()).isTrue();
    eventually(WAIT, () -> assertThat(describe(id).get("state").asText()).isEqualTo("CANCELLED"));
    assertThat(fixture.call("POST", "/api/sagas/" + id + "/cancel", null, fixture.operator).json()
        .get("cancelRequested").asBoolean()).isFalse();
  }

  @Test
  void theListPagesWithOpaqueCursorsAndFilters() throws Exception {
    List<String> started = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      started.add(fixture.call("POST", "/api/sagas", "{\"workflowType\":\"OneStep\",\"input\":\"n" + i + "\"}",
          fixture.operator).json().get("sagaId").asText());
    }
    fixture.call("POST", "/api/sagas", "{\"workflowType\":\"Approval\",\"input\":\"w\"}", fixture.operator);
    eventually(WAIT, () -> assertThat(list("/api/sagas?type=OneStep&state=COMPLETED&limit=1000").get("sagas"))
        .hasSize(5));

    List<String> listed = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page = list("/api/sagas?type=OneStep&limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
      page.get("sagas").forEach(s -> listed.add(s.get("sagaId").asText()));
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
      pages++;
    } while (cursor != null && pages < 10);
    assertThat(listed).containsExactlyInAnyOrderElementsOf(started);
    assertThat(pages).isEqualTo(3);

    JsonNode waiting = list("/api/sagas?state=PAUSED,RUNNING");
    assertThat(waiting.get("sagas")).hasSize(1);
    assertThat(waiting.get("sagas").get(0).get("workflowType").asText()).isEqualTo("Approval");
  }

  private JsonNode describe(String id) throws Exception {
    Answer answer = fixture.call("GET", "/api/sagas/" + id, null, fixture.viewer);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json();
  }

  private JsonNode list(String path) throws Exception {
    Answer answer = fixture.call("GET", path, null, fixture.viewer);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json();
  }
}
