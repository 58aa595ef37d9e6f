package dev.operon.http;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operon.spi.Backends;
import dev.operon.tracking.AuditEvent;
import dev.operon.tracking.AuditLog;
import dev.operon.tracking.TrackingStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bulk cancel by filter: count first, confirm the count, watch the progress, find it in the audit log. */
class BulkActionsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  void aBulkCancelCountsFirstActsOnTheConfirmedCountAndIsAudited() throws Exception {
    var backend = Backends.open("memory:");
    AuditLog audit = TrackingStores.auditLog(backend);
    try (HttpFixture f = new HttpFixture(dir, b -> b.auditLog(audit))) {
      List<String> waiting = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        waiting.add(f.call("POST", "/api/sagas", "{\"workflowType\":\"Approval\",\"input\":\"w" + i + "\"}", f.operator)
            .json().get("sagaId").asText());
      }
      String done = f.call("POST", "/api/sagas", "{\"workflowType\":\"OneStep\",\"input\":\"d\"}", f.operator)
          .json().get("sagaId").asText();
      eventually(WAIT, () -> assertThat(f.engine.describe(done).state().name()).isEqualTo("COMPLETED"));
      eventually(WAIT, () -> assertThat(waiting).allSatisfy(id ->
          assertThat(f.engine.describe(id).state().name()).isEqualTo("PAUSED")));

      String filter = "\"filter\":{\"state\":[\"PAUSED\",\"RUNNING\"],\"type\":\"Approval\"}";
      JsonNode dry = f.call("POST", "/api/sagas/bulk", "{\"action\":\"cancel\"," + filter + ",\"dryRun\":true}",
          f.operator).json();
      assertThat(dry.get("count").asInt()).isEqualTo(3);
      assertThat(waiting).allSatisfy(id -> assertThat(f.engine.describe(id).state().name()).isEqualTo("PAUSED"));

      f.call("POST", "/api/sagas/bulk", "{\"action\":\"cancel\"," + filter + ",\"dryRun\":false,\"expectedCount\":2}",
          f.operator).problem(409);
      f.call("POST", "/api/sagas/bulk", "{\"action\":\"cancel\"," + filter + ",\"dryRun\":false}", f.operator)
          .problem(400);
      f.call("POST", "/api/sagas/bulk", "{\"action\":\"cancel\"," + filter + ",\"dryRun\":true}", f.viewer)
          .problem(403);
      f.call("POST", "/api/sagas/bulk", "{\"action\":\"cancel\",\"filter\":{\"colour\":\"red\"},\"dryRun\":true}",
          f.operator).problem(400);
      f.call("POST", "/api/sagas/bulk", "{\"action\":\"delete\",\"filter\":{},\"dryRun\":true}", f.operator).problem(400);
      assertThat(waiting).allSatisfy(id -> assertThat(f.engine.describe(id).state().name()).isEqualTo("PAUSED"));

      HttpFixture.Answer started = f.call("POST", "/api/sagas/bulk",
          "{\"action\":\"cancel\"," + filter + ",\"dryRun\":false,\"expectedCount\":3}", f.operator);
      assertThat(started.status()).as(started.body()).isEqualTo(202);
      String bulkId = started.json().get("bulkId").asText();
      JsonNode progress = eventually(WAIT, () -> {
        JsonNode now = f.call("GET", "/api/bulk/" + bulkId, null, f.viewer).json();
        assertThat(now.get("state").asText()).isEqualTo("DONE");
        return now;
      });
      assertThat(progress.get("total").asInt()).isEqualTo(3);
      assertThat(progress.get("done").asInt()).isEqualTo(3);
      assertThat(progress.get("failed").asInt()).isZero();
      assertThat(progress.get("by").asText()).isEqualTo("operator");
      eventually(WAIT, () -> assertThat(waiting).allSatisfy(id ->
          assertThat(f.engine.describe(id).state().name()).isEqualTo("CANCELLED")));
      assertThat(f.engine.describe(done).state().name()).isEqualTo("COMPLETED");

      List<AuditEvent> recorded = audit.query(new AuditEvent.Anchor("BulkAction", bulkId, null),
          Instant.EPOCH, Instant.now().plusSeconds(60), "saga.bulk.cancel", 10);
      assertThat(recorded).singleElement().satisfies(event -> {
        assertThat(event.outcome()).isEqualTo(AuditEvent.Outcome.SUCCESS);
        assertThat(event.actor().id()).isEqualTo("operator");
        assertThat(event.message()).contains("3 done");
        assertThat(event.dataJson()).contains("\"PAUSED\"");
      });
      f.call("GET", "/api/bulk/no-such-bulk", null, f.viewer).problem(404);
    } finally {
      backend.close();
    }
  }
}
