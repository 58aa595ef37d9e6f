package dev.operon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Documents over HTTP as a client uses them: create, dispatch, describe, history at a revision, undo and redo, list. */
class DocumentApiTest {
  @TempDir Path dir;
  private HttpFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new HttpFixture(dir, b -> { });
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private JsonNode add(String document, String... items) throws Exception {
    StringBuilder actions = new StringBuilder();
    for (String item : items) {
      actions.append(actions.isEmpty() ? "" : ",").append("{\"type\":\"ADD\",\"scope\":\"global\",\"input\":{\"item\":\"")
          .append(item).append("\"}}");
    }
    HttpFixture.Answer answer = f.call("POST", "/api/documents/" + document + "/actions",
        "{\"actions\":[" + actions + "]}", f.operator);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json();
  }

  @Test
  void aDocumentIsCreatedEditedAndReadBackAtAnyRevision() throws Exception {
    HttpFixture.Answer created = f.call("POST", "/api/documents",
        "{\"documentId\":\"list-1\",\"documentType\":\"checklist\",\"name\":\"Groceries\"}", f.operator);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().get("name").asText()).isEqualTo("Groceries");

    JsonNode operations = add("list-1", "milk", "eggs", "tea").get("operations");
    assertThat(operations).hasSize(3);
    assertThat(operations.get(2).get("index").asInt()).isEqualTo(2);

    JsonNode described = f.call("GET", "/api/documents/list-1", null, f.viewer).json();
    assertThat(described.get("documentType").asText()).isEqualTo("checklist");
    assertThat(described.get("scopes").get(0).get("revision").asInt()).isEqualTo(3);
    assertThat(described.get("scopes").get(0).get("hash").asText())
        .isEqualTo(f.documents.hash("list-1", "global")).isEqualTo(operations.get(2).get("hash").asText());

    JsonNode atOne = f.call("GET", "/api/documents/list-1/history?scope=global&revision=1", null, f.viewer).json();
    assertThat(atOne.get("state").get("items").toString()).isEqualTo("[\"milk\"]");
    assertThat(atOne.get("operations")).hasSize(1);
    assertThat(atOne.get("latestRevision").asInt()).isEqualTo(3);
    JsonNode latest = f.call("GET", "/api/documents/list-1/history?scope=global", null, f.viewer).json();
    assertThat(latest.get("state").get("items").toString()).isEqualTo("[\"milk\",\"eggs\",\"tea\"]");

    HttpFixture.Answer undone = f.call("POST", "/api/documents/list-1/undo?scope=global", "", f.operator);
    assertThat(undone.status()).as(undone.body()).isEqualTo(200);
    assertThat(f.documents.state("list-1", Checklists.GLOBAL).items()).containsExactly("milk", "eggs");
    assertThat(f.call("POST", "/api/documents/list-1/redo?scope=global", "", f.operator).status()).isEqualTo(200);
    assertThat(f.documents.state("list-1", Checklists.GLOBAL).items()).containsExactly("milk", "eggs", "tea");
  }

  @Test
  void theListPagesThroughEveryDocumentOnce() throws Exception {
    for (int i = 0; i < 5; i++) {
      f.documents.create("d" + i, "checklist", "list " + i);
      add("d" + i, "item");
    }
    List<String> seen = new ArrayList<>();
    String after = null;
    do {
      JsonNode page = f.call("GET", "/api/documents?limit=2" + (after == null ? "" : "&after=" + after), null,
          f.viewer).json();
      page.get("documents").forEach(d -> seen.add(d.get("id").asText()));
      after = page.get("next").isNull() ? null : page.get("next").asText();
    } while (after != null);
    assertThat(seen).containsExactlyInAnyOrder("d0", "d1", "d2", "d3", "d4");
  }

  @Test
  void badDocumentRequestsGetTheirProblemAndStoreNothing() throws Exception {
    f.documents.create("list-1", "checklist", "");
    f.call("POST", "/api/documents/nope/actions", "{\"actions\":[{\"type\":\"ADD\",\"scope\":\"global\"}]}", f.operator)
        .problem(404);
    f.call("POST", "/api/documents", "{\"documentId\":\"list-1\",\"documentType\":\"checklist\"}", f.operator)
        .problem(409);
    JsonNode unknownType = f.call("POST", "/api/documents", "{\"documentId\":\"x\",\"documentType\":\"nope\"}",
        f.operator).problem(400);
    assertThat(unknownType.get("detail").asText()).contains("nope");
    JsonNode refused = f.call("POST", "/api/documents/list-1/actions",
        "{\"actions\":[{\"type\":\"ADD\",\"scope\":\"global\",\"input\":{\"item\":\"ok\"}},"
            + "{\"type\":\"ADD\",\"scope\":\"global\",\"input\":{\"item\":\" \"}}]}", f.operator).problem(400);
    assertThat(refused.get("detail").asText()).contains("list-1");
    f.call("GET", "/api/documents/list-1/history?scope=local", null, f.viewer).problem(400);
    f.call("GET", "/api/documents/list-1/history?scope=global&revision=7", null, f.viewer).problem(400);
    f.call("POST", "/api/documents/list-1/undo?scope=global", "", f.operator).problem(400);
    f.call("POST", "/api/documents/list-1/actions", "{\"actions\":[{\"type\":\"ADD\"}]}", f.viewer).problem(403);
    JsonNode unsigned = f.call("POST", "/api/documents", "{\"documentId\":\"s\",\"documentType\":\"signed-checklist\"}",
        f.operator).json();
    assertThat(unsigned.get("id").asText()).isEqualTo("s");
    f.call("POST", "/api/documents/s/actions", "{\"actions\":[{\"type\":\"ADD\",\"scope\":\"global\","
        + "\"input\":{\"item\":\"x\"}}]}", f.operator).problem(400);

    assertThat(f.documents.revisions("list-1", "main").getOrDefault("global", 0)).isZero();
    assertThat(f.documents.revisions("s", "main").getOrDefault("global", 0)).isZero();
    assertThat(f.documents.header("x")).isEmpty();
  }
}
