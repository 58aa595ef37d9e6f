package dev.operon.documents.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operon.documents.HashAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * Canonical JSON: object keys sorted (by UTF-16 code units, as a JavaScript sort does), no
 * insignificant whitespace, numbers as Jackson writes them. Two values equal as JSON trees have the
 * same canonical text, whatever the order their keys were built in; that text is what a state's
 * hash and an action's signature are computed over.
 */
public final class CanonicalJson {
  private static final ObjectMapper MAPPER = dev.operon.codec.JsonMappers.json();

  private CanonicalJson() {}

  /** The mapper that turns typed states and inputs into trees and back. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** {@code value} (a tree or any Jackson-mappable object) as canonical JSON text. */
  public static String of(Object value) {
    JsonNode tree = value instanceof JsonNode node ? node : MAPPER.valueToTree(value);
    StringBuilder out = new StringBuilder(128);
    write(tree == null ? JsonNodeFactory.instance.nullNode() : tree, out);
    return out.toString();
  }

  /** The Base64 digest of {@code value}'s canonical JSON. */
  public static String hash(Object value, HashAlgorithm algorithm) {
    return Base64.getEncoder().encodeToString(digest(of(value).getBytes(StandardCharsets.UTF_8), algorithm));
  }

  /** The SHA-256 digest of {@code bytes}. */
  public static byte[] sha256(byte[] bytes) {
    return digest(bytes, HashAlgorithm.SHA_256);
  }

  private static final ThreadLocal<java.util.Map<HashAlgorithm, MessageDigest>> DIGESTS =
      ThreadLocal.withInitial(() -> new java.util.EnumMap<>(HashAlgorithm.class));

  static byte[] digest(byte[] bytes, HashAlgorithm algorithm) {
    MessageDigest digest = DIGESTS.get().computeIfAbsent(algorithm, a -> {
      try {
        return MessageDigest.getInstance(a.jcaName());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("The JDK has no " + a.jcaName() + " digest", e);
      }
    });
    return digest.digest(bytes);
  }

  private static void write(JsonNode node, StringBuilder out) {
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      out.append('{');
      for (int i = 0; i < names.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        quote(names.get(i), out);
        out.append(':');
        write(object.get(names.get(i)), out);
      }
      out.append('}');
    } else if (node instanceof ArrayNode array) {
      out.append('[');
      for (int i = 0; i < array.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(array.get(i), out);
      }
      out.append(']');
    } else if (node.isTextual()) {
      quote(node.textValue(), out);
    } else if (node.isInt() || node.isLong() || node.isBoolean() || node.isNull()) {
      out.append(node.asText());
    } else {
      out.append(node.toString());
    }
  }

  /** {@code text} as a JSON string, escaped as Jackson escapes it. */
  private static void quote(String text, StringBuilder out) {
    out.append('"');
    com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(text, out);
    out.append('"');
  }
}
