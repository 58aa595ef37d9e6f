package dev.operon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whatever a caller sends gets a 4xx problem naming what was wrong, and nothing is stored. */
class BadInputTest {
  @TempDir Path dir;
  private HttpFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new HttpFixture(dir, b -> b.maxBodyBytes(10_000));
  }

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void eachKindOfBadRequestGetsItsProblem() throws Exception {
    String op = f.operator;
    assertThat(f.call("POST", "/api/sagas", "{\"workflowType\": ", op).problem(400).get("title").asText())
        .isEqualTo("Malformed JSON");
    assertThat(f.call("POST", "/api/sagas", "[1,2]", op).problem(400).get("detail").asText()).contains("JSON object");
    assertThat(f.call("POST", "/api/sagas", "", op).problem(400).get("detail").asText()).contains("empty");
    JsonNode unknownType = f.call("POST", "/api/sagas", "{\"workflowType\":\"Nope\",\"input\":1}", op).problem(400);
    assertThat(unknownType.get("errorKind").asText()).isEqualTo("VALIDATION");
    assertThat(unknownType.get("detail").asText()).contains("Nope");
    assertThat(f.call("POST", "/api/sagas", "{\"workflowType\":\"OneStep\",\"input\":{\"a\":1}}", op).problem(400)
        .get("errorKind").asText()).isEqualTo("VALIDATION");
    assertThat(f.call("POST", "/api/sagas", "{\"workflowType\":\"OneStep\",\"inptu\":\"a\"}", op).problem(400)
        .get("detail").asText()).contains("inptu");
    assertThat(f.call("POST", "/api/sagas", "{\"workflowType\":7}", op).problem(400).get("detail").asText())
        .contains("workflowType");
    f.call("POST", "/api/sagas", "workflowType=OneStep", op, "application/x-www-form-urlencoded").problem(415);
    f.call("POST", "/api/sagas", "{\"workflowType\":\"OneStep\",\"input\":\"" + "x".repeat(20_000) + "\"}", op)
        .problem(413);

    JsonNode unknown = f.call("GET", "/api/sagas/no-such-saga", null, f.viewer).problem(404);
    assertThat(unknown.get("ids").get("saga").asText()).isEqualTo("no-such-saga");
    f.call("POST", "/api/sagas/no-such-saga/signals/approve", "true", op).problem(404);
    f.call("POST", "/api/sagas/no-such-saga/cancel", null, op).problem(404);
    f.call("GET", "/api/sagas/no-such-saga/history", null, f.viewer).problem(404);
    f.call("GET", "/api/nothing-here", null, f.viewer).problem(404);

    f.call("GET", "/api/sagas?state=SLEEPING", null, f.viewer).problem(400);
    f.call("GET", "/api/sagas?limit=0", null, f.viewer).problem(400);
    f.call("GET", "/api/sagas?limit=ten", null, f.viewer).problem(400);
    f.call("GET", "/api/sagas?startedFrom=yesterday", null, f.viewer).problem(400);
    f.call("GET", "/api/sagas?colour=red", null, f.viewer).problem(400);
    f.call("GET", "/api/sagas?cursor=not-a-cursor", null, f.viewer).problem(400);

    assertThat(f.call("GET", "/api/sagas", null, f.viewer).json().get("sagas")).isEmpty();
  }

  @Test
  void aTamperedCursorIsRefused() throws Exception {
    for (int i = 0; i < 3; i++) {
      f.call("POST", "/api/sagas", "{\"workflowType\":\"Approval\",\"input\":\"a\"}", f.operator);
    }
    String cursor = f.call("GET", "/api/sagas?limit=1", null, f.viewer).json().get("nextCursor").asText();
    assertThat(f.call("GET", "/api/sagas?limit=1&cursor=" + encode(cursor), null, f.viewer).status()).isEqualTo(200);
    int cut = cursor.lastIndexOf('.') + 1;
    String otherSignature = cursor.substring(0, cut) + (cursor.charAt(cut) == '0' ? '1' : '0') + cursor.substring(cut + 1);
    String[] parts = cursor.split("\\.");
    String content = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8);
    String otherPlace = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        content.replaceFirst("^\\d", "9").getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
    for (String tampered : List.of(otherSignature, otherPlace)) {
      assertThat(f.call("GET", "/api/sagas?limit=1&cursor=" + encode(tampered), null, f.viewer).problem(400)
          .get("detail").asText()).as(tampered).containsIgnoringCase("pageToken");
    }
  }

  private static String encode(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void randomBodiesOnEveryRouteNeverGetA500AndStoreNothing() throws Exception {
    Random random = new Random(20261205);
    List<String[]> routes = List.of(
        new String[] {"POST", "/api/sagas"},
        new String[] {"POST", "/api/sagas/s-1/signals/approve"},
        new String[] {"POST", "/api/sagas/s-1/cancel"},
        new String[] {"GET", "/api/sagas"},
        new String[] {"GET", "/api/sagas/s-1"},
        new String[] {"GET", "/api/sagas/s-1/history"},
        new String[] {"POST", "/api/documents"},
        new String[] {"POST", "/api/documents/d-1/actions"},
        new String[] {"POST", "/api/sync/documents"},
        new String[] {"POST", "/api/sync/documents/d-1/append"},
        new String[] {"POST", "/api/sync/documents/d-1/replace"},
        new String[] {"POST", "/api/sync/attachments"},
        new String[] {"POST", "/api/outbox/requeue"},
        new String[] {"POST", "/api/outbox/events/e-1/requeue"});
    f.documents.create("d-1", "checklist", "");
    String[] fragments = {"{", "}", "[", "]", "\"workflowType\"", ":", ",", "\"OneStep\"", "\"input\"", "null", "1e999",
        "\"\\u0000\"", "true", "\"businessId\"", "-0", "\"\uD83D\"", "{\"a\":", "\"x\"", " ", "\"documentId\"",
        "\"documentType\"", "\"checklist\"", "\"actions\"", "\"operations\"", "\"scope\"", "\"global\"",
        "\"expectedRevision\"", "\"type\"", "\"ADD\"", "\"data\"", "\"hash\"", "\"dryRun\"", "false",
        "\"expectedCount\"", "0", "\"filter\""};
    for (int i = 0; i < 600; i++) {
      String[] route = routes.get(random.nextInt(routes.size()));
      StringBuilder body = new StringBuilder();
      int parts = random.nextInt(8);
      for (int p = 0; p < parts; p++) {
        body.append(fragments[random.nextInt(fragments.length)]);
      }
      HttpFixture.Answer answer = f.call(route[0], route[1], body.toString(), f.operator);
      assertThat(answer.status()).as("%s %s with %s: %s", route[0], route[1], body, answer.body()).isLessThan(500);
    }
    assertThat(f.engine.list(dev.operon.saga.SagaQuery.all()).sagas()).isEmpty();
    assertThat(f.documents.changedSince(0, 10)).as("documents with operations").isEmpty();
  }
}
