package dev.operon.server.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/** Prints a benchmark's figures as one JSON object or as an aligned two-column table. */
public final class FigureTable {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private FigureTable() {}

  public static void printJson(Map<String, Object> figures, PrintWriter out) {
    try {
      out.println(JSON.writeValueAsString(figures));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the figures as JSON", e);
    }
    out.flush();
  }

  public static void printTable(Map<String, Object> figures, PrintWriter out) {
    int width = figures.keySet().stream().mapToInt(String::length).max().orElse(10);
    figures.forEach((key, value) -> out.printf(Locale.ROOT, "%-" + width + "s  %s%n", key, format(value)));
    out.flush();
  }

  private static String format(Object value) {
    if (value == null) {
      return "-";
    }
    if (value instanceof Long || value instanceof Integer) {
      return String.format(Locale.ROOT, "%,d", ((Number) value).longValue());
    }
    return value.toString();
  }
}
