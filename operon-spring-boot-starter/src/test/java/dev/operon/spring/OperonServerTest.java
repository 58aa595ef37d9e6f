package dev.operon.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.http.ApiRole;
import dev.operon.http.ApiTokens;
import dev.operon.saga.SagaEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Operon's HTTP server inside a Spring application: the API over the application's engine and
 * commander with Operon's tokens, started with the context; a server with no tokens file stops
 * the start, naming the property.
 */
class OperonServerTest {
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OperonAutoConfiguration.class))
        .withUserConfiguration(OperonAutoConfigurationTest.GreetingApplication.class)
        .withPropertyValues("operon.store=sqlite:" + dir.resolve("app.db"), "operon.server.enabled=true",
            "operon.server.host=127.0.0.1", "operon.server.port=0");
  }

  private HttpResponse<String> get(String url, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theApiServesTheApplicationsSagasAndOperationsToItsTokens() throws Exception {
    Path tokens = dir.resolve("tokens");
    String viewer = ApiTokens.add(tokens, ApiRole.VIEWER, "dashboard");
    runner().withPropertyValues("operon.server.tokens-file=" + tokens).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(OperonServer.class);
      String url = context.getBean(OperonServer.class).url();
      var saga = context.getBean(SagaEngine.class).start(OperonAutoConfigurationTest.Greeting.class, "ada");
      assertThat(saga.result(Duration.ofSeconds(20))).isEqualTo("hello ada");

      HttpResponse<String> whoami = get(url + "/api/whoami", viewer);
      assertThat(whoami.statusCode()).isEqualTo(200);
      assertThat(whoami.body()).contains("\"role\":\"VIEWER\"").contains("sagas").contains("operations");
      HttpResponse<String> sagas = get(url + "/api/sagas", viewer);
      assertThat(sagas.statusCode()).isEqualTo(200);
      assertThat(sagas.body()).contains(saga.id());
      assertThat(get(url + "/api/sagas", null).statusCode()).as("no token").isEqualTo(401);
      assertThat(get(url + "/", null).body()).as("the dashboard").contains("Operon");
    });
  }

  @Test
  void aServerWithoutTokensStopsTheStartNamingTheProperty() {
    runner().run(context -> {
      InvalidOperonProperty invalid = StartupFailure.invalidProperty(context);
      assertThat(invalid.property()).isEqualTo("operon.server.tokens-file");
      assertThat(invalid.getMessage()).contains("operon token add").contains("operon.server.insecure-local");
    });
  }
}
