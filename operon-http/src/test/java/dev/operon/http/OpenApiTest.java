package dev.operon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document served at /openapi.json describes exactly the routes the server has. */
class OpenApiTest {
  @TempDir Path dir;

  @Test
  void theDocumentAndTheRoutesAgree() throws Exception {
    try (HttpFixture f = new HttpFixture(dir, b -> {})) {
      JsonNode doc = f.call("GET", "/openapi.json", null, null).json();
      assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
      assertThat(doc.get("info").get("title").asText()).isNotBlank();
      List<String> documented = new ArrayList<>();
      doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
        documented.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
        assertThat(op.getValue().get("operationId").asText()).as(path.getKey()).isNotBlank();
        assertThat(op.getValue().get("responses").size()).as(path.getKey()).isPositive();
        op.getValue().get("responses").fields().forEachRemaining(r -> {
          JsonNode response = r.getValue();
          if (response.has("$ref")) {
            String name = response.get("$ref").asText().replace("#/components/responses/", "");
            assertThat(doc.get("components").get("responses").has(name)).as(response.toString()).isTrue();
          }
        });
      }));
      assertThat(documented).containsExactlyInAnyOrderElementsOf(f.http.routes());
      List<String> refs = new ArrayList<>();
      collectRefs(doc, refs);
      for (String ref : refs) {
        String[] parts = ref.replace("#/", "").split("/");
        JsonNode target = doc;
        for (String part : parts) {
          target = target.get(part);
          assertThat(target).as("target of %s", ref).isNotNull();
        }
      }
    }
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> {
        if (e.getKey().equals("$ref")) {
          refs.add(e.getValue().asText());
        } else {
          collectRefs(e.getValue(), refs);
        }
      });
    } else if (node.isArray()) {
      node.forEach(child -> collectRefs(child, refs));
    }
  }
}
