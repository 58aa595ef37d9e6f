package dev.operon.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operon.error.OperonException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How a CLI command reaches a running {@code operon server}: its URL and token (options, or the
 * {@code OPERON_SERVER} and {@code OPERON_TOKEN} environment variables), one JSON call at a time.
 * A problem answer becomes an error naming its status, title and detail.
 */
public final class ApiCall {
  static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:OPERON_SERVER:-http://127.0.0.1:7070}",
      description = "The server's URL (default: $OPERON_SERVER, else ${DEFAULT-VALUE}).")
  String server;

  @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:OPERON_TOKEN}",
      description = "The API token (default: $OPERON_TOKEN).")
  String token;

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** The JSON answer of {@code method path} with {@code body} (null: none). */
  JsonNode call(String method, String path, JsonNode body) {
    String base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    HttpRequest.Builder request;
    try {
      request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    } catch (IllegalArgumentException e) {
      throw OperonException.invalid("--server must be a URL such as http://127.0.0.1:7070, was '" + server + "'");
    }
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body.toString()));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null && !token.isBlank()) {
      request.header("Authorization", "Bearer " + token.strip());
    }
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw OperonException.invalid("No Operon server answers at " + base + ": start one with 'operon server',"
          + " or point --server (or $OPERON_SERVER) at it");
    } catch (IOException e) {
      throw OperonException.invalid("Calling " + base + path + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw OperonException.invalid("Interrupted while calling " + base + path);
    }
    JsonNode answer;
    try {
      answer = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw OperonException.invalid(base + " answered " + response.statusCode() + " with something that is not JSON;"
          + " is it an Operon server?");
    }
    if (response.statusCode() >= 400) {
      String title = answer.path("title").asText("HTTP " + response.statusCode());
      String detail = answer.path("detail").asText("");
      throw OperonException.invalid(response.statusCode() + " " + title + (detail.isEmpty() ? "" : ": " + detail));
    }
    return answer;
  }

  /**
   * Prints {@code answer} on the command's output: the server's JSON as it came with {@code --json},
   * else the lines {@code asText} writes. Returns the exit status, 0.
   */
  static int print(picocli.CommandLine.Model.CommandSpec spec, JsonNode answer, boolean json,
      java.util.function.Consumer<java.io.PrintWriter> asText) {
    java.io.PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(answer.toPrettyString());
    } else {
      asText.accept(out);
    }
    out.flush();
    return 0;
  }

  /** {@code text} as JSON, or a VALIDATION error naming {@code option}. */
  static JsonNode json(String option, String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw OperonException.invalid(option + " must be JSON (e.g. '{\"orderId\":\"o-1\"}' or '\"text\"'), was " + text);
    }
  }
}
