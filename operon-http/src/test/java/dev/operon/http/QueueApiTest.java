package dev.operon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operon.queue.Task;
import dev.operon.queue.TaskQueue;
import dev.operon.saga.SagaEngine;
import dev.operon.spi.Backend;
import dev.operon.spi.Backends;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The saga engine's queues over HTTP: depth, oldest age, dead-letter count, and the dead letters themselves. */
class QueueApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newHttpClient();

  private HttpResponse<String> get(OperonHttp http, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(http.url() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anOperatorSeesEachQueuesDepthAndItsDeadLetters() throws Exception {
    try (Backend backend = Backends.open("memory:");
        SagaEngine engine = SagaEngine.builder().backend(backend).workers(0).build();
        OperonHttp http = OperonHttp.builder().sagas(engine).insecureLocal(true).port(0).start()) {
      TaskQueue queue = backend.taskQueue();
      queue.publish("saga-activities", "{\"sagaId\":\"s-1\",\"activityId\":\"a-1\"}".getBytes(StandardCharsets.UTF_8));
      queue.publish("saga-activities", new byte[] {(byte) 0xff, 0x00});
      queue.publish("saga-workflows", "{\"sagaId\":\"s-2\"}".getBytes(StandardCharsets.UTF_8));
      List<Task> fetched = queue.fetch("saga-activities", 2, Duration.ofSeconds(5));
      assertThat(fetched).hasSize(2);
      fetched.forEach(task -> queue.terminate(task, "poison"));

      JsonNode queues = JSON.readTree(get(http, "/api/queues").body()).get("queues");
      assertThat(queues).hasSize(2);
      assertThat(queues.get(0).get("name").asText()).isEqualTo("saga-workflows");
      assertThat(queues.get(0).get("depth").asLong()).isEqualTo(1);
      assertThat(queues.get(0).get("oldestAgeMillis").isNumber()).isTrue();
      assertThat(queues.get(1).get("depth").asLong()).isZero();
      assertThat(queues.get(1).get("oldestAgeMillis").isNull()).isTrue();
      assertThat(queues.get(1).get("deadLetters").asLong()).isEqualTo(2);

      JsonNode letters = JSON.readTree(get(http, "/api/queues/saga-activities/dead-letters").body())
          .get("deadLetters");
      assertThat(letters).hasSize(2);
      assertThat(letters).anySatisfy(letter -> {
        assertThat(letter.path("payload").path("sagaId").asText()).isEqualTo("s-1");
        assertThat(letter.get("reason").asText()).contains("poison");
      });
      assertThat(letters).anySatisfy(letter -> assertThat(letter.path("payloadBase64").asText()).isEqualTo("/wA="));

      assertThat(get(http, "/api/queues/other/dead-letters").statusCode()).isEqualTo(404);
      assertThat(get(http, "/api/queues/saga-activities/dead-letters?limit=0").statusCode()).isEqualTo(400);
    }
  }
}
