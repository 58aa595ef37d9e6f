package dev.operon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.http.HttpFixture.Answer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens, roles, read-only mode, loopback-only insecure mode, and what needs no token. */
class AccessTest {
  private static final String START = "{\"workflowType\":\"OneStep\",\"input\":\"a\"}";

  @TempDir Path dir;

  @Test
  void everyRoleGetsWhatItMayAndNoMore() throws Exception {
    try (HttpFixture f = new HttpFixture(dir, b -> {})) {
      Answer none = f.call("GET", "/api/sagas", null, null);
      none.problem(401);
      assertThat(none.response().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
      f.call("GET", "/api/sagas", null, "opn_not-a-token").problem(401);

      assertThat(f.call("GET", "/api/sagas", null, f.viewer).status()).isEqualTo(200);
      assertThat(f.call("POST", "/api/sagas", START, f.viewer).problem(403).get("detail").asText())
          .contains("VIEWER").contains("OPERATOR");
      assertThat(f.call("POST", "/api/sagas", START, f.operator).status()).isEqualTo(201);
      assertThat(f.call("POST", "/api/sagas", START, f.admin).status()).isEqualTo(201);

      assertThat(f.call("GET", "/health/live", null, null).status()).isEqualTo(200);
      assertThat(f.call("GET", "/health/ready", null, null).json().get("status").asText()).isEqualTo("UP");
      assertThat(f.call("GET", "/openapi.json", null, null).status()).isEqualTo(200);
      f.call("GET", "/metrics", null, null).problem(401);
      Answer metrics = f.call("GET", "/metrics", null, f.viewer);
      assertThat(metrics.status()).isEqualTo(200);
      assertThat(metrics.contentType()).startsWith("text/plain");
      assertThat(metrics.body()).contains("operon_sagas");
    }
  }

  @Test
  void aReadOnlyServerRefusesEveryChangeWhateverTheToken() throws Exception {
    try (HttpFixture f = new HttpFixture(dir, b -> b.readOnly(true))) {
      assertThat(f.call("POST", "/api/sagas", START, f.admin).problem(403).get("detail").asText())
          .contains("read-only");
      assertThat(f.call("GET", "/api/sagas", null, f.viewer).json().get("sagas")).isEmpty();
    }
  }

  @Test
  void insecureLocalNeedsNoTokenAndListensOnLoopbackOnly() throws Exception {
    try (HttpFixture f = new HttpFixture(dir, b -> b.insecureLocal(true).host("0.0.0.0"))) {
      assertThat(f.http.url()).startsWith("http://127.0.0.1:");
      assertThat(f.call("POST", "/api/sagas", START, null).status()).isEqualTo(201);
    }
    assertThatThrownBy(() -> OperonHttp.builder().sagas(new HttpFixture(dir.resolve("b"), b -> {}).engine)
        .insecureLocal(true).host("192.0.2.1").port(0).start())
        .isInstanceOfSatisfying(OperonException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION))
        .hasMessageContaining("loopback");
  }

  @Test
  void aServerWithNoTokenAndNoInsecureModeDoesNotStart() throws Exception {
    try (HttpFixture f = new HttpFixture(dir, b -> {})) {
      assertThatThrownBy(() -> OperonHttp.builder().sagas(f.engine).port(0).start())
          .isInstanceOf(OperonException.class).hasMessageContaining("operon token add");
    }
  }

  @Test
  void aTokensFileWithABadLineIsRefusedNamingTheLine() throws Exception {
    Path file = dir.resolve("tokens");
    java.nio.file.Files.writeString(file, "# tokens\nsha256:abc viewer x\n");
    assertThatThrownBy(() -> ApiTokens.load(file)).isInstanceOf(OperonException.class)
        .hasMessageContaining("Line 2").hasMessageContaining(file.toString());
  }
}
