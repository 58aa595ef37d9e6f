package dev.operon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operon.documents.Action;
import dev.operon.documents.ActionSigning;
import dev.operon.documents.DocumentSync;
import dev.operon.documents.Documents;
import dev.operon.documents.OperationStores;
import dev.operon.documents.SignatureScheme;
import dev.operon.documents.Signer;
import dev.operon.documents.SyncResult;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.runtime.ManualClock;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.Backends;
import dev.operon.testkit.jdbc.PostgresSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers, one on SQLite and one on PostgreSQL, edit one document with signed actions and sync
 * it over HTTP in both directions: they converge to the same operations and hashes, and an
 * operation tampered with on the way is refused by the side that receives it, which stores nothing.
 */
class DocumentSyncOverHttpTest {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T10:00:00Z"));
  private final KeyPair keys = ActionSigning.newKeyPair(SignatureScheme.ECDSA_P256);
  private final Signer signer = new Signer("0xabc", "eip155", 1, "Lists", ActionSigning.encode(keys.getPublic()));
  private final HttpClient client = HttpClient.newHttpClient();
  private Backend sqlite;
  private Backend postgres;
  private Documents a;
  private Documents b;
  private OperonHttp serverA;
  private OperonHttp serverB;
  private String token;
  /** The document of one test: the PostgreSQL schema is the class's. */
  private final String doc = "list-" + java.util.UUID.randomUUID();

  @BeforeEach
  void start() throws Exception {
    sqlite = Backends.open("sqlite:" + dir.resolve("a.db"), BackendOptions.defaults().withClock(clock));
    postgres = Backends.open(SCHEMA.url(), BackendOptions.defaults().withClock(clock));
    a = Documents.builder().store(OperationStores.of(sqlite)).model(Checklists.SIGNED).clock(clock).build();
    b = Documents.builder().store(OperationStores.of(postgres)).model(Checklists.SIGNED).clock(clock).build();
    Path tokens = dir.resolve("tokens");
    token = ApiTokens.add(tokens, ApiRole.OPERATOR, "sync");
    serverA = OperonHttp.builder().documents(a).tokens(ApiTokens.load(tokens)).host("127.0.0.1").port(0).start();
    serverB = OperonHttp.builder().documents(b).tokens(ApiTokens.load(tokens)).host("127.0.0.1").port(0).start();
  }

  @AfterEach
  void stop() {
    serverA.close();
    serverB.close();
    sqlite.close();
    postgres.close();
  }

  /** Signs an ADD of {@code item} the way a client does, on the state hash {@code side} shows, and sends it. */
  private void add(OperonHttp side, Documents local, String item) throws Exception {
    clock.advance(Duration.ofMillis(1));
    JsonNode described = call(side, "GET", "/api/documents/" + doc, null);
    String previous = described.get("scopes").get(0).get("hash").asText();
    Action action = ActionSigning.sign(local.action("ADD", "global", new Checklists.Add(item)), doc, previous,
        signer, keys.getPrivate(), clock.instant());
    ObjectNode body = JSON.createObjectNode();
    body.putArray("actions").add(dev.operon.http.internal.DocumentJson.tree(action));
    call(side, "POST", "/api/documents/" + doc + "/actions", body.toString());
  }

  private JsonNode call(OperonHttp side, String method, String path, String body) throws Exception {
    HttpResponse<String> response = send(side, method, path, body);
    assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isLessThan(300);
    return response.body().isEmpty() ? null : JSON.readTree(response.body());
  }

  private HttpResponse<String> send(OperonHttp side, String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(side.url() + path))
        .header("Authorization", "Bearer " + token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anSqliteServerAndAPostgresServerConvergeSyncingBothWays() throws Exception {
    call(serverA, "POST", "/api/documents", "{\"documentId\":\"" + doc + "\",\"documentType\":\"signed-checklist\"}");
    add(serverA, a, "milk");
    add(serverA, a, "eggs");

    SyncResult pushed = new DocumentSync(a, new HttpSyncChannel(URI.create(serverB.url()), token)).sync(doc);

    assertThat(pushed.pushed()).isEqualTo(2);
    assertThat(call(serverB, "GET", "/api/documents/" + doc, null).get("scopes"))
        .isEqualTo(call(serverA, "GET", "/api/documents/" + doc, null).get("scopes"));

    // both sides edit, then the PostgreSQL side runs the sync toward the SQLite side
    add(serverA, a, "tea");
    add(serverB, b, "bread");
    add(serverB, b, "jam");
    SyncResult merged = new DocumentSync(b, new HttpSyncChannel(URI.create(serverA.url()), token)).sync(doc);

    assertThat(merged.merged()).isPositive();
    JsonNode onA = call(serverA, "GET", "/api/documents/" + doc + "/history?scope=global", null);
    JsonNode onB = call(serverB, "GET", "/api/documents/" + doc + "/history?scope=global", null);
    assertThat(onA.get("operations")).isEqualTo(onB.get("operations"));
    assertThat(onA.get("state").get("items")).hasSize(5);
    assertThat(onA.get("state")).isEqualTo(onB.get("state"));
    assertThat(a.hash(doc, "global")).isEqualTo(b.hash(doc, "global"));

    // and the SQLite side's next sync finds nothing to do
    assertThat(new DocumentSync(a, new HttpSyncChannel(URI.create(serverB.url()), token)).sync(doc))
        .isEqualTo(SyncResult.NOTHING);
  }

  @Test
  void anOperationTamperedWithOnTheWayIsRefusedAndNothingIsStored() throws Exception {
    call(serverA, "POST", "/api/documents", "{\"documentId\":\"" + doc + "\",\"documentType\":\"signed-checklist\"}");
    add(serverA, a, "milk");
    new DocumentSync(a, new HttpSyncChannel(URI.create(serverB.url()), token)).sync(doc);
    add(serverA, a, "eggs");

    JsonNode sent = call(serverA, "GET", "/api/sync/documents/" + doc + "/operations?scope=global&branch=main&since=1", null);
    ObjectNode operation = (ObjectNode) sent.get("operations").get(0).deepCopy();
    ((ObjectNode) operation.get("action").get("input")).put("item", "caviar");
    ObjectNode body = JSON.createObjectNode().put("scope", "global").put("branch", "main").put("expectedRevision", 1);
    ArrayNode operations = body.putArray("operations");
    operations.add(operation);

    HttpResponse<String> refused = send(serverB, "POST", "/api/sync/documents/" + doc + "/append", body.toString());

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    JsonNode problem = JSON.readTree(refused.body());
    assertThat(problem.get("detail").asText()).contains(doc);
    assertThat(problem.get("ids").get("document").asText()).isEqualTo(doc);
    assertThat(b.revisions(doc, "main").get("global")).isEqualTo(1);
    assertThat(b.state(doc, Checklists.GLOBAL).items()).containsExactly("milk");

    // the same refusal reaches a sync run through the channel as the server's error kind
    HttpSyncChannel channel = new HttpSyncChannel(URI.create(serverB.url()), token);
    assertThatThrownBy(() -> channel.append(doc, "global", "main", 1,
        java.util.List.of(dev.operon.http.internal.DocumentJson.read(operation, dev.operon.documents.Operation.class,
            "operation"))))
        .isInstanceOfSatisfying(OperonException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION));
    assertThatThrownBy(() -> new HttpSyncChannel(URI.create(serverB.url()), "wrong").header(doc))
        .as("a wrong token").isInstanceOfSatisfying(OperonException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFIGURATION));
  }
}
