package dev.operon.tracking;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What ties work together across calls, hosts and asynchronous hops: a correlation id, the id of
 * what caused this work, the W3C trace and span ids, when the correlation began, and tags. It can
 * be made the ambient context of a thread ({@link #activate()}), which nested work inherits and
 * which is restored when the scope closes; it travels as HTTP headers ({@link #toHeaders()}) and as
 * a W3C {@code traceparent} ({@link #traceparent()}).
 */
public record CorrelationContext(String correlationId, String causationId, String traceId, String spanId,
    Instant createdAt, Map<String, String> tags, String traceState) {
  public static final String CORRELATION_ID = "X-Correlation-Id";
  public static final String CAUSATION_ID = "X-Causation-Id";
  public static final String TRACE_ID = "X-Trace-Id";
  public static final String SPAN_ID = "X-Span-Id";
  public static final String CREATED_AT = "X-Correlation-Created-At";
  public static final String TAG_PREFIX = "X-Correlation-Tag-";
  public static final String TRACEPARENT = "traceparent";
  public static final String TRACESTATE = "tracestate";

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");
  private static final Pattern TRACE = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern SPAN = Pattern.compile("[0-9a-f]{16}");
  private static final Pattern PARENT = Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
  private static final ThreadLocal<CorrelationContext> AMBIENT = new ThreadLocal<>();

  public CorrelationContext {
    if (!valid(correlationId)) {
      throw dev.operon.error.OperonException.invalid("A correlation id is 1 to 128 letters, digits or ._:@/+=-, was '"
          + correlationId + "'");
    }
    Objects.requireNonNull(createdAt, "createdAt");
    causationId = valid(causationId) ? causationId : null;
    traceId = traceId != null && TRACE.matcher(traceId).matches() && !traceId.matches("0+") ? traceId : null;
    spanId = spanId != null && SPAN.matcher(spanId).matches() && !spanId.matches("0+") ? spanId : null;
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    traceState = traceId == null || traceState == null || traceState.isBlank() || traceState.length() > 512
        ? null : traceState.strip();
  }

  /** A context without a W3C {@code tracestate}. */
  public CorrelationContext(String correlationId, String causationId, String traceId, String spanId,
      Instant createdAt, Map<String, String> tags) {
    this(correlationId, causationId, traceId, spanId, createdAt, tags, null);
  }

  /** A context of its own for new work: {@code correlationId}, nothing else. */
  public static CorrelationContext of(String correlationId, Instant createdAt) {
    return new CorrelationContext(correlationId, null, null, null, createdAt, null);
  }

  /** The ambient context of this thread, if work set one. */
  public static Optional<CorrelationContext> current() {
    return Optional.ofNullable(AMBIENT.get());
  }

  /** Makes this the ambient context until the returned scope closes, which restores the one before. */
  public Scope activate() {
    CorrelationContext previous = AMBIENT.get();
    AMBIENT.set(this);
    return () -> {
      if (previous == null) {
        AMBIENT.remove();
      } else {
        AMBIENT.set(previous);
      }
    };
  }

  /** This context for work that {@code causationId} caused. */
  public CorrelationContext causedBy(String causationId) {
    return new CorrelationContext(correlationId, causationId, traceId, spanId, createdAt, tags, traceState);
  }

  /** This context in span {@code spanId} of its trace (the trace state kept while the trace stays the same). */
  public CorrelationContext inSpan(String traceId, String spanId) {
    return new CorrelationContext(correlationId, causationId, traceId, spanId, createdAt, tags,
        Objects.equals(traceId, this.traceId) ? traceState : null);
  }

  /** This context in span {@code spanId} of trace {@code traceId} with the W3C {@code tracestate} given. */
  public CorrelationContext inSpan(String traceId, String spanId, String traceState) {
    return new CorrelationContext(correlationId, causationId, traceId, spanId, createdAt, tags, traceState);
  }

  /** The HTTP headers that carry this context. */
  public Map<String, String> toHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(CORRELATION_ID, correlationId);
    if (causationId != null) {
      headers.put(CAUSATION_ID, causationId);
    }
    if (traceId != null) {
      headers.put(TRACE_ID, traceId);
    }
    if (spanId != null) {
      headers.put(SPAN_ID, spanId);
    }
    headers.put(CREATED_AT, createdAt.toString());
    tags.forEach((key, value) -> headers.put(TAG_PREFIX + key, value));
    traceparent().ifPresent(value -> headers.put(TRACEPARENT, value));
    if (traceState != null) {
      headers.put(TRACESTATE, traceState);
    }
    return headers;
  }

  /**
   * The context that {@code headers} carry (names compared without regard to case), or empty if
   * they carry no valid correlation id. Invalid causation, trace or span ids are dropped; a
   * {@code traceparent} supplies the trace and span ids when the X- headers do not.
   */
  public static Optional<CorrelationContext> fromHeaders(Map<String, String> headers, Instant now) {
    Map<String, String> byName = new LinkedHashMap<>();
    Map<String, String> tags = new LinkedHashMap<>();
    headers.forEach((name, value) -> {
      if (name == null || value == null) {
        return;
      }
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.startsWith(TAG_PREFIX.toLowerCase(Locale.ROOT)) && lower.length() > TAG_PREFIX.length()) {
        tags.put(name.substring(TAG_PREFIX.length()), value);
      } else {
        byName.put(lower, value.strip());
      }
    });
    String correlation = byName.get(CORRELATION_ID.toLowerCase(Locale.ROOT));
    if (!valid(correlation)) {
      return Optional.empty();
    }
    Instant createdAt = now;
    String created = byName.get(CREATED_AT.toLowerCase(Locale.ROOT));
    if (created != null) {
      try {
        createdAt = Instant.parse(created);
      } catch (DateTimeParseException e) {
        createdAt = now;
      }
    }
    String trace = byName.get(TRACE_ID.toLowerCase(Locale.ROOT));
    String span = byName.get(SPAN_ID.toLowerCase(Locale.ROOT));
    String parent = byName.get(TRACEPARENT);
    if ((trace == null || span == null) && parent != null) {
      var match = PARENT.matcher(parent);
      if (match.matches() && !match.group(1).equals("ff")) {
        trace = match.group(2);
        span = match.group(3);
      }
    }
    return Optional.of(new CorrelationContext(correlation, byName.get(CAUSATION_ID.toLowerCase(Locale.ROOT)), trace,
        span, createdAt, tags, byName.get(TRACESTATE)));
  }

  /** The W3C {@code traceparent} of this context's trace and span (sampled), if it has both. */
  public Optional<String> traceparent() {
    return traceId == null || spanId == null ? Optional.empty()
        : Optional.of("00-" + traceId + "-" + spanId + "-01");
  }

  private static boolean valid(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /** The scope of an activated context; closing it restores the context before. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
