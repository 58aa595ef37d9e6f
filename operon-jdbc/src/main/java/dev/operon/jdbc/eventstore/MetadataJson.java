package dev.operon.jdbc.eventstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.util.Map;
import java.util.TreeMap;

/** Event metadata as a JSON object of strings, readable with any SQL client. */
final class MetadataJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<Map<String, String>> TYPE = new TypeReference<>() {};
  private static final String EMPTY = "{}";
  /** The last metadata encoded: appends mostly repeat the same few maps. */
  private static volatile Encoded last = new Encoded(Map.of(), EMPTY);

  private record Encoded(Map<String, String> metadata, String json) {}

  private MetadataJson() {}

  static String write(Map<String, String> metadata) {
    if (metadata.isEmpty()) {
      return EMPTY;
    }
    Encoded previous = last;
    if (previous.metadata().equals(metadata)) {
      return previous.json();
    }
    String json = encode(metadata);
    last = new Encoded(Map.copyOf(metadata), json);
    return json;
  }

  private static String encode(Map<String, String> metadata) {
    try {
      return MAPPER.writeValueAsString(new TreeMap<>(metadata));
    } catch (JsonProcessingException e) {
      throw OperonException.of(ErrorKind.CODEC, "Cannot encode event metadata as JSON: " + e.getMessage())
          .cause(e).retryable(false).build();
    }
  }

  static Map<String, String> read(String json) {
    if (json == null || json.equals(EMPTY)) {
      return Map.of();
    }
    try {
      return Map.copyOf(MAPPER.readValue(json, TYPE));
    } catch (JsonProcessingException e) {
      throw OperonException.of(ErrorKind.CODEC, "Cannot decode event metadata " + json + ": " + e.getMessage())
          .cause(e).retryable(false).build();
    }
  }
}
