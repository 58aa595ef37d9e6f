package dev.operon.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operon.documents.Operation;
import java.util.ArrayList;
import java.util.List;

/**
 * Documents' values as the API writes and reads them: headers, operations (with their actions,
 * signatures and hashes, byte for byte as stored, so that the other side of a sync checks the same
 * hashes), attachments (data in Base64). A value that does not read as what it should be is a 400
 * naming the field.
 */
public final class DocumentJson {
  private DocumentJson() {}

  /** {@code value} (a record of the documents API) as JSON. */
  public static JsonNode tree(Object value) {
    return ApiJson.MAPPER.valueToTree(value);
  }

  /** {@code operations} as a JSON array. */
  public static ArrayNode operations(List<Operation> operations) {
    ArrayNode list = ApiJson.MAPPER.createArrayNode();
    operations.forEach(operation -> list.add(tree(operation)));
    return list;
  }

  /** {@code node} read as {@code type}; a 400 naming {@code field} if it does not fit. */
  public static <T> T read(JsonNode node, Class<T> type, String field) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      throw ApiProblem.badRequest("'" + field + "' is required");
    }
    try {
      return ApiJson.MAPPER.treeToValue(node, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      String why = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
      throw ApiProblem.badRequest("'" + field + "' is not a valid " + type.getSimpleName() + ": " + why);
    }
  }

  /** The array {@code field} of {@code body} read as operations. */
  public static List<Operation> operations(ObjectNode body, String field) {
    JsonNode array = body.get(field);
    if (array == null || !array.isArray()) {
      throw ApiProblem.badRequest("'" + field + "' must be an array of operations");
    }
    List<Operation> operations = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      operations.add(read(array.get(i), Operation.class, field + "[" + i + "]"));
    }
    return operations;
  }

  /** The text {@code field} of {@code body}; a 400 if it is missing or blank. */
  static String text(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw ApiProblem.badRequest("'" + field + "' must be a non-empty string");
    }
    return value.asText();
  }

  /** The whole number {@code field} of {@code body} (at least 0); a 400 if it is missing or out of range. */
  static int revision(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || !value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 0) {
      throw ApiProblem.badRequest("'" + field + "' must be a whole number of 0 or more");
    }
    return value.asInt();
  }

  /** Query parameter {@code name} as a whole number of 0 or more, or {@code fallback} if absent. */
  static long number(String name, String value, long fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      long number = Long.parseLong(value.strip());
      if (number < 0) {
        throw ApiProblem.badRequest("'" + name + "' must be 0 or more, was " + number);
      }
      return number;
    } catch (NumberFormatException e) {
      throw ApiProblem.badRequest("'" + name + "' must be a whole number, was '" + value + "'");
    }
  }

  /** Query parameter {@code name}, required. */
  static String required(String name, String value) {
    if (value == null || value.isBlank()) {
      throw ApiProblem.badRequest("'" + name + "' is required");
    }
    return value;
  }

  /** A plain object with one field. */
  static ObjectNode with(String field, JsonNode value) {
    ObjectNode node = ApiJson.MAPPER.createObjectNode();
    node.set(field, value);
    return node;
  }
}
