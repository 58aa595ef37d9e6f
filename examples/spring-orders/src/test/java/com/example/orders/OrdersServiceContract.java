package com.example.orders;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operon.commands.Commander;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The order service as its users meet it, over HTTP, on the database its DataSource names: an order
 * saga runs to its end; a declined card releases the reserved items; the health endpoint reports
 * each part of Operon; a delivery commits with its outbox event and the kept stock is invalidated;
 * a refused delivery rolls back with everything it wrote, its outbox event included; Operon's
 * dashboard and API at /operon answer the application's signed-in users with the Operon role
 * their roles map to, and take changes only with the CSRF token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class OrdersServiceContract {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Value("${local.server.port}") int port;
  @Autowired StockReader reader;
  @Autowired Warehouse warehouse;
  @Autowired Commander commander;

  /** Stops the service (its workers and readers) before the class's database goes away. */
  @AfterAll
  static void stopTheService(@Autowired ConfigurableApplicationContext context) {
    context.stop();
  }

  private static String unique(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> post(String path, Object body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void deliver(String sku, int quantity) throws Exception {
    HttpResponse<String> delivered = post("/stock/" + sku + "/deliveries",
        new OrdersController.Delivery(unique("d"), quantity, "acme"));
    assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(201);
  }

  private int available(String sku) throws Exception {
    return get("/stock/" + sku).get("available").asInt();
  }

  private String order(String sku, int quantity, long amountCents) throws Exception {
    HttpResponse<String> started = post("/orders", new OrderRequest(unique("order"), sku, quantity, amountCents));
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    return JSON.readTree(started.body()).get("sagaId").asText();
  }

  private JsonNode finished(String sagaId) throws Exception {
    JsonNode[] last = new JsonNode[1];
    eventually(WAIT, () -> {
      last[0] = get("/orders/" + sagaId);
      assertThat(last[0].get("state").asText()).isIn("COMPLETED", "FAILED", "CANCELLED");
    });
    return last[0];
  }

  private HttpResponse<String> asUser(HttpClient client, String user, String method, String path, String body,
      boolean withCsrf) throws Exception {
    String password = user + "-secret";
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
            (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (withCsrf) {
      java.net.CookieManager cookies = (java.net.CookieManager) client.cookieHandler().orElseThrow();
      String token = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
          .findFirst().orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie: " + cookies.getCookieStore()))
          .getValue();
      request.header("X-XSRF-TOKEN", token);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void operonsDashboardAndApiAreMountedBehindTheApplicationsSecurity() throws Exception {
    HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
    assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/operon/api/whoami")).GET()
        .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).as("nobody signed in").isEqualTo(401);

    HttpResponse<String> whoami = asUser(browser, "vic", "GET", "/operon/api/whoami", null, false);
    assertThat(whoami.statusCode()).as(whoami.body()).isEqualTo(200);
    assertThat(JSON.readTree(whoami.body()).get("name").asText()).isEqualTo("vic");
    assertThat(JSON.readTree(whoami.body()).get("role").asText()).isEqualTo("VIEWER");
    assertThat(JSON.readTree(whoami.body()).get("signIn").asText()).as("no token: the application signs in")
        .isEqualTo("application");
    HttpResponse<String> page = asUser(browser, "vic", "GET", "/operon/", null, false);
    assertThat(page.body()).as("the page names its script and the API under the mount")
        .contains("<meta name=\"operon-base\" content=\"/operon\">").contains("src=\"/operon/dashboard/app.js\"");
    assertThat(asUser(browser, "vic", "GET", "/operon/dashboard/api.js", null, false).statusCode()).isEqualTo(200);

    HttpResponse<String> clerk = asUser(browser, "clerk", "GET", "/operon/api/sagas", null, false);
    assertThat(clerk.statusCode()).as("a user with no Operon role").isEqualTo(403);
    assertThat(clerk.body()).contains("none of Operon's roles").contains("OPERON_VIEWER");

    String sku = unique("pen");
    deliver(sku, 5);
    String start = JSON.writeValueAsString(java.util.Map.of("workflowType", "OrderWorkflow",
        "input", new OrderRequest(unique("order"), sku, 2, 300), "businessId", unique("web")));
    assertThat(asUser(browser, "vic", "POST", "/operon/api/sagas", start, false).statusCode())
        .as("a change without the CSRF token").isEqualTo(403);
    HttpResponse<String> viewerStart = asUser(browser, "vic", "POST", "/operon/api/sagas", start, true);
    assertThat(viewerStart.statusCode()).as("a viewer may not start a saga").isEqualTo(403);
    assertThat(viewerStart.body()).contains("OPERON_OPERATOR");

    HttpResponse<String> started = asUser(browser, "ada", "POST", "/operon/api/sagas", start, true);
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    String sagaId = JSON.readTree(started.body()).get("sagaId").asText();
    assertThat(started.headers().firstValue("Location")).contains("/operon/api/sagas/" + sagaId);
    assertThat(finished(sagaId).get("state").asText()).isEqualTo("COMPLETED");
    assertThat(asUser(browser, "vic", "GET", "/operon/api/sagas/" + sagaId, null, false).body()).contains("COMPLETED");
    assertThat(available(sku)).isEqualTo(3);
  }

  @Test
  void anOrderRunsToTheEndAndTakesItsItems() throws Exception {
    String sku = unique("tea");
    deliver(sku, 10);
    JsonNode saga = finished(order(sku, 3, 1_500));
    assertThat(saga.get("state").asText()).isEqualTo("COMPLETED");
    assertThat(available(sku)).isEqualTo(7);
  }

  @Test
  void aDeclinedCardReleasesTheReservedItems() throws Exception {
    String sku = unique("lamp");
    deliver(sku, 4);
    JsonNode saga = finished(order(sku, 4, ChargeCard.LIMIT_CENTS + 1));
    assertThat(saga.get("state").asText()).as("rolled back by its compensations").isEqualTo("CANCELLED");
    assertThat(saga.get("failure").asText()).contains("card declined");
    assertThat(available(sku)).as("the reservation, released by its compensation").isEqualTo(4);
  }

  @Test
  void theHealthEndpointReportsEachPartOfOperon() throws Exception {
    JsonNode health = get("/actuator/health");
    assertThat(health.get("status").asText()).isEqualTo("UP");
    JsonNode operon = health.get("components").get("operon").get("components");
    for (String part : new String[] {"store", "sagas", "outbox"}) {
      assertThat(operon.get(part).get("status").asText()).as(part).isEqualTo("UP");
    }
    assertThat(operon.get("store").get("details").get("backend").asText()).contains("schema version");
    assertThat(operon.get("sagas").get("details").get("watchdog").asText()).isEqualTo("CLOSED");
    assertThat(operon.get("outbox").get("details").has("waiting")).isTrue();
  }

  @Test
  void aDeliveryCommitsWithItsOutboxEventAndTheKeptStockIsInvalidated() throws Exception {
    String sku = unique("rice");
    int reads = reader.reads();
    assertThat(available(sku)).isZero();
    assertThat(available(sku)).isZero();
    assertThat(reader.reads()).as("the second answer was the kept one").isEqualTo(reads + 1);

    deliver(sku, 5);
    assertThat(available(sku)).as("the delivery invalidated the kept stock").isEqualTo(5);
    assertThat(reader.reads()).isEqualTo(reads + 2);
    eventually(WAIT, () -> assertThat(get("/stock-events").findValuesAsText("sku")).contains(sku));
  }

  @Test
  void aRefusedDeliveryRollsBackItsRowItsStockChangeAndItsOutboxEvent() throws Exception {
    String sku = unique("salt");
    deliver(sku, 2);
    int deliveries = warehouse.deliveries();

    HttpResponse<String> refused = post("/stock/" + sku + "/deliveries",
        new OrdersController.Delivery(unique("d"), Warehouse.LARGEST_DELIVERY + 1, "acme"));
    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(refused.body()).contains("at most " + Warehouse.LARGEST_DELIVERY);

    assertThat(warehouse.deliveries()).as("the delivery row rolled back").isEqualTo(deliveries);
    assertThat(available(sku)).as("the stock change rolled back").isEqualTo(2);
    deliver(sku, 1);
    eventually(WAIT, () -> assertThat(get("/stock-events").findValues("sku").stream()
        .filter(node -> node.asText().equals(sku)).count()).isEqualTo(2));
    JsonNode events = get("/stock-events");
    for (JsonNode event : events) {
      if (event.get("sku").asText().equals(sku)) {
        assertThat(event.get("delta").asInt()).as("no event of the refused delivery").isIn(2, 1);
      }
    }
    assertThat(commander.events().discarded(10)).isEmpty();
  }
}
