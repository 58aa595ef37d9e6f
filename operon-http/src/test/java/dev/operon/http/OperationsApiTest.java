package dev.operon.http;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operon.commands.EventLogEntry;
import dev.operon.spi.Backends;
import dev.operon.tracking.AuditEvent;
import dev.operon.tracking.AuditLog;
import dev.operon.tracking.TrackingStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operation log and the outbox over HTTP as an operator uses them: the log tailed by index, the
 * backlog, the discarded events paged by state, one re-queued, the rest re-queued in bulk.
 */
class OperationsApiTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  void anOperatorTailsTheLogAndRequeuesDiscardedEvents() throws Exception {
    var audited = Backends.open("memory:");
    AuditLog audit = TrackingStores.auditLog(audited);
    try (HttpFixture f = new HttpFixture(dir, b -> b.auditLog(audit));
        FailingOrders orders = new FailingOrders(f)) {
      for (int i = 1; i <= 3; i++) {
        orders.place("o-" + i);
      }

      JsonNode last = f.call("GET", "/api/operations?limit=2", null, f.viewer).json();
      assertThat(last.get("newestIndex").asLong()).isEqualTo(3);
      assertThat(last.get("operations")).hasSize(2);
      assertThat(last.get("operations").get(1).get("commandType").asText()).isEqualTo(FailingOrders.PlaceOrder.class.getName());
      assertThat(last.get("operations").get(1).get("command").get("orderId").asText()).isEqualTo("o-3");
      assertThat(last.get("operations").get(1).get("hostId").asText()).isEqualTo("host-a");
      JsonNode first = f.call("GET", "/api/operations?after=0&limit=1", null, f.viewer).json();
      assertThat(first.get("operations").get(0).get("command").get("orderId").asText()).isEqualTo("o-1");
      JsonNode tail = f.call("GET", "/api/operations?after=" + first.get("next").asText(), null, f.viewer).json();
      assertThat(tail.get("operations")).hasSize(2);

      // every try fails: five tries with growing waits, then discarded
      orders.discardAll(f, 3, WAIT);
      JsonNode outbox = f.call("GET", "/api/outbox", null, f.viewer).json();
      assertThat(outbox.get("backlog").asLong()).isZero();
      assertThat(outbox.get("discarded")).hasSize(3);
      assertThat(outbox.get("discarded").get(0).get("lastError").asText()).contains("mail server down");

      JsonNode page = f.call("GET", "/api/outbox/events?state=DISCARDED&limit=2", null, f.viewer).json();
      assertThat(page.get("events")).hasSize(2);
      JsonNode rest = f.call("GET", "/api/outbox/events?state=discarded&limit=2&cursor=" + page.get("next").asText(),
          null, f.viewer).json();
      assertThat(rest.get("events")).hasSize(1);
      assertThat(rest.get("next").isNull()).isTrue();

      orders.broken.set(false);
      f.call("POST", "/api/outbox/events/placed-o-1/requeue", "", f.viewer).problem(403);
      assertThat(f.call("POST", "/api/outbox/events/placed-o-1/requeue", "", f.operator).json().get("requeued")
          .asBoolean()).isTrue();
      f.call("POST", "/api/outbox/events/placed-o-1/requeue", "", f.operator).problem(404);
      orders.nextPoll();
      eventually(WAIT, () -> assertThat(orders.placed).containsExactly("o-1"));

      assertThat(f.call("POST", "/api/outbox/requeue", "{\"dryRun\":true}", f.operator).json().get("count").asInt())
          .isEqualTo(2);
      f.call("POST", "/api/outbox/requeue", "{\"dryRun\":false,\"expectedCount\":3}", f.operator).problem(409);
      f.call("POST", "/api/outbox/requeue", "{\"dryRun\":true,\"filter\":{\"colour\":\"red\"}}", f.operator)
          .problem(400);
      HttpFixture.Answer started = f.call("POST", "/api/outbox/requeue", "{\"dryRun\":false,\"expectedCount\":2,"
          + "\"filter\":{\"valueType\":\"" + FailingOrders.OrderPlaced.class.getName() + "\"}}", f.operator);
      assertThat(started.status()).as(started.body()).isEqualTo(202);
      String bulkId = started.json().get("bulkId").asText();
      eventually(WAIT, () -> {
        JsonNode now = f.call("GET", "/api/bulk/" + bulkId, null, f.viewer).json();
        assertThat(now.get("state").asText()).isEqualTo("DONE");
        assertThat(now.get("done").asInt()).isEqualTo(2);
      });
      orders.nextPoll();
      eventually(WAIT, () -> assertThat(orders.placed).containsExactlyInAnyOrder("o-1", "o-2", "o-3"));
      assertThat(f.operations.eventsIn("DISCARDED", null, 10)).isEmpty();
      assertThat(audit.query(new AuditEvent.Anchor("BulkAction", bulkId, null), Instant.EPOCH,
          Instant.now().plusSeconds(60), "outbox.bulk.requeue", 10)).singleElement()
          .satisfies(event -> assertThat(event.message()).contains("2 done"));

      f.call("GET", "/api/outbox/events?state=LOST", null, f.viewer).problem(400);
      f.call("GET", "/api/outbox/events?state=NEW&cursor=bm90LWEtY3Vyc29y", null, f.viewer).problem(400);
      f.call("GET", "/api/operations?limit=0", null, f.viewer).problem(400);
      EventLogEntry none = null;
      assertThat(f.operations.eventsIn("PROCESSED", none, 10)).hasSize(3);
    } finally {
      audited.close();
    }
  }
}
