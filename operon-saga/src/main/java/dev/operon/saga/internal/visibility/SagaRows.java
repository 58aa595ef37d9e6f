package dev.operon.saga.internal.visibility;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the visibility stores share of a row's search attributes: their typed index values and their decoding. */
public final class SagaRows {
  private SagaRows() {}

  /** The index value of each search attribute of {@code row} (its stored JSON decoded), by name. */
  public static Map<String, String> indexValues(SagaRow row) {
    Map<String, String> values = new LinkedHashMap<>();
    SearchAttributes.decodeAll(row.attributes()).forEach((name, value) -> values.put(name, indexValue(value)));
    return values;
  }

  /** The index value of a (normalized) search attribute value: its type and its text. */
  public static String indexValue(Object value) {
    return SearchAttributes.indexValue(value);
  }

  /** The attributes of their stored JSON form, by name. */
  public static Map<String, Object> attributes(JsonNode stored) {
    return SearchAttributes.decodeAll(stored);
  }
}
