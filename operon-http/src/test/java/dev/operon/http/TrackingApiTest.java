package dev.operon.http;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tracked operations and the watchdog's findings over HTTP: what a problems panel reads. */
class TrackingApiTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  void aSagasTrackedOperationItsStepsItsCorrelationAndTheStalledOnesAreReadable() throws Exception {
    try (HttpFixture f = new HttpFixture(dir, b -> {})) {
      String done = f.call("POST", "/api/sagas", "{\"workflowType\":\"OneStep\",\"input\":\"a\"}", f.operator)
          .json().get("sagaId").asText();
      String waiting = f.call("POST", "/api/sagas", "{\"workflowType\":\"Approval\",\"input\":\"b\"}", f.operator)
          .json().get("sagaId").asText();

      JsonNode saga = eventually(WAIT, () -> {
        HttpFixture.Answer answer = f.call("GET", "/api/tracked/" + done, null, f.viewer);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("status").asText()).isEqualTo("SUCCEEDED");
        return answer.json();
      });
      assertThat(saga.get("name").asText()).isEqualTo("Saga.OneStep");
      assertThat(saga.get("children")).singleElement()
          .satisfies(step -> assertThat(step.get("name").asText()).startsWith("Activity."));

      JsonNode correlated = f.call("GET", "/api/tracked?correlation=" + done, null, f.viewer).json();
      List<String> ids = new ArrayList<>();
      correlated.get("operations").forEach(op -> ids.add(op.get("id").asText()));
      assertThat(ids).contains(done);

      eventually(WAIT, () -> {
        JsonNode stalled = f.call("GET", "/api/tracked/stalled?olderThan=PT0S", null, f.viewer).json();
        List<String> stalledIds = new ArrayList<>();
        stalled.get("operations").forEach(op -> stalledIds.add(op.get("id").asText()));
        assertThat(stalledIds).contains(waiting).doesNotContain(done);
      });
      assertThat(f.call("GET", "/api/tracked/" + done + "/timeline", null, f.viewer).json().get("events").isArray())
          .isTrue();

      JsonNode findings = f.call("GET", "/api/watchdog/findings", null, f.viewer).json();
      assertThat(findings.get("findings").isArray()).isTrue();
      assertThat(findings.get("circuit").asText()).isNotBlank();

      f.call("GET", "/api/tracked/no-such-operation", null, f.viewer).problem(404);
      f.call("GET", "/api/tracked", null, f.viewer).problem(400);
      f.call("GET", "/api/tracked/stalled?olderThan=soon", null, f.viewer).problem(400);
      f.call("GET", "/api/tracked/stalled?limit=0", null, f.viewer).problem(400);
      f.call("GET", "/api/tracked/stalled", null, null).problem(401);
    }
  }
}
