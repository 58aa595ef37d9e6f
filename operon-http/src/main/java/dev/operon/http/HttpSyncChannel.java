package dev.operon.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operon.documents.Attachment;
import dev.operon.documents.DocumentChange;
import dev.operon.documents.DocumentHeader;
import dev.operon.documents.Operation;
import dev.operon.documents.SyncChannel;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.http.internal.ApiJson;
import dev.operon.http.internal.DocumentJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The other side of a document sync reached over HTTP: an Operon server's {@code /api/sync}
 * routes, with an operator's API token. A {@code DocumentSync} on this side runs the sync with it
 * as it would with a store in this process: the server checks every hash and signature of what it
 * receives, and this side checks what it pulls. A problem the server answers comes back as an
 * {@link OperonException} of the same error kind (a concurrent write there is a CONCURRENCY error:
 * running the sync again is safe); a server that cannot be reached is a retryable error.
 *
 * <pre>{@code
 * DocumentSync sync = new DocumentSync(documents, new HttpSyncChannel(URI.create("https://other:7070"), token));
 * sync.sync("list-1");
 * }</pre>
 */
public final class HttpSyncChannel implements SyncChannel {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final String token;
  private final HttpClient client;

  /** A channel to the server at {@code base} (e.g. {@code http://host:7070}) with API token {@code token}. */
  public HttpSyncChannel(URI base, String token) {
    Objects.requireNonNull(base, "base");
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    this.token = token;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  @Override
  public Optional<DocumentHeader> header(String documentId) {
    return get("/api/sync/documents/" + path(documentId), true)
        .map(json -> decode(json, DocumentHeader.class));
  }

  @Override
  public void create(DocumentHeader header) {
    post("/api/sync/documents", DocumentJson.tree(header));
  }

  @Override
  public List<Operation> operationsSince(String documentId, String scope, String branch, int revision) {
    JsonNode answer = get("/api/sync/documents/" + path(documentId) + "/operations?scope=" + query(scope) + "&branch="
        + query(branch) + "&since=" + revision, false).orElseThrow();
    List<Operation> operations = new ArrayList<>();
    for (JsonNode operation : answer.path("operations")) {
      operations.add(decode(operation, Operation.class));
    }
    return operations;
  }

  @Override
  public void append(String documentId, String scope, String branch, int expectedRevision,
      List<Operation> operations) {
    ObjectNode body = ApiJson.MAPPER.createObjectNode();
    body.put("scope", scope).put("branch", branch).put("expectedRevision", expectedRevision);
    body.set("operations", DocumentJson.operations(operations));
    post("/api/sync/documents/" + path(documentId) + "/append", body);
  }

  @Override
  public void replaceFrom(String documentId, String scope, String branch, int fromRevision, int expectedRevision,
      List<Operation> operations) {
    ObjectNode body = ApiJson.MAPPER.createObjectNode();
    body.put("scope", scope).put("branch", branch).put("fromRevision", fromRevision)
        .put("expectedRevision", expectedRevision);
    body.set("operations", DocumentJson.operations(operations));
    post("/api/sync/documents/" + path(documentId) + "/replace", body);
  }

  @Override
  public Optional<Attachment> attachment(String hash) {
    return get("/api/sync/attachments/" + path(hash), true)
        .map(json -> decode(json, Attachment.class));
  }

  @Override
  public void putAttachment(Attachment attachment) {
    post("/api/sync/attachments", DocumentJson.tree(attachment));
  }

  @Override
  public List<DocumentChange> changedSince(long after, int limit) {
    JsonNode answer = get("/api/sync/changes?after=" + after + "&limit=" + limit, false).orElseThrow();
    List<DocumentChange> changes = new ArrayList<>();
    for (JsonNode change : answer.path("changes")) {
      changes.add(decode(change, DocumentChange.class));
    }
    return changes;
  }

  /** The JSON at {@code path}; empty if the server answered 404 and {@code absentIfNotFound}. */
  private Optional<JsonNode> get(String path, boolean absentIfNotFound) {
    HttpResponse<byte[]> response = send(request(path).GET().build());
    if (response.statusCode() == 404 && absentIfNotFound && isProblem(response)) {
      return Optional.empty();
    }
    return Optional.of(json(checked(response)));
  }

  private void post(String path, JsonNode body) {
    byte[] bytes;
    try {
      bytes = ApiJson.MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      throw OperonException.of(ErrorKind.CODEC, "Could not write a sync request: " + e.getMessage()).cause(e).build();
    }
    checked(send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build()));
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
        .header("Accept", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request;
  }

  private HttpResponse<byte[]> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw OperonException.of(ErrorKind.TIMEOUT, "The sync server at " + base + " did not answer "
          + request.method() + " " + request.uri().getPath() + " within " + TIMEOUT).cause(e).retryable(true).build();
    } catch (IOException e) {
      throw OperonException.of(ErrorKind.UNKNOWN, "Could not reach the sync server at " + base + " ("
          + e.getMessage() + "); is it running? The sync can be run again").cause(e).retryable(true).build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw OperonException.of(ErrorKind.CANCELLED, "Interrupted while syncing with " + base).cause(e).build();
    }
  }

  /** {@code response} if it is a success; else its problem as an exception of the kind the server named. */
  private HttpResponse<byte[]> checked(HttpResponse<byte[]> response) {
    int status = response.statusCode();
    if (status < 300) {
      return response;
    }
    JsonNode problem = isProblem(response) ? json(response) : ApiJson.MAPPER.createObjectNode();
    ErrorKind kind = kindOf(problem.path("errorKind").asText(null), status);
    OperonException.Builder error = OperonException.of(kind, "The sync server at " + base + " refused "
        + response.request().method() + " " + response.request().uri().getPath() + " (" + status + "): "
        + problem.path("detail").asText(new String(response.body(), StandardCharsets.UTF_8)))
        .retryable(status == 409 || status >= 500);
    problem.path("ids").fields().forEachRemaining(id -> error.id(id.getKey(), id.getValue().asText()));
    throw error.build();
  }

  private static ErrorKind kindOf(String named, int status) {
    if (named != null) {
      try {
        return ErrorKind.valueOf(named);
      } catch (IllegalArgumentException e) {
        // a kind this side does not know: fall back on the status
      }
    }
    if (status == 401 || status == 403) {
      return ErrorKind.CONFIGURATION;
    }
    return status == 409 ? ErrorKind.CONCURRENCY : status < 500 ? ErrorKind.VALIDATION : ErrorKind.UNKNOWN;
  }

  private <T> T decode(JsonNode json, Class<T> type) {
    try {
      return ApiJson.MAPPER.treeToValue(json, type);
    } catch (IOException | IllegalArgumentException e) {
      throw OperonException.of(ErrorKind.CODEC, "The sync server at " + base + " sent a " + type.getSimpleName()
          + " this side cannot read: " + e.getMessage()).cause(e).build();
    }
  }

  private static boolean isProblem(HttpResponse<byte[]> response) {
    return response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json");
  }

  private JsonNode json(HttpResponse<byte[]> response) {
    try {
      return ApiJson.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw OperonException.of(ErrorKind.CODEC, "The sync server at " + base + " answered "
          + response.request().uri().getPath() + " with something that is not JSON: " + e.getMessage()).cause(e)
          .build();
    }
  }

  private static String path(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
