package dev.operon.server.bench;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Map;

/**
 * A saga history event shaped like the engine's, the payload the benchmarks encode and store.
 * Keys are written in snake_case as in the seed.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SagaEvent(
    long eventId,
    String sagaId,
    String eventType,
    String category,
    Instant timestamp,
    Map<String, Object> attributes,
    int eventVersion,
    boolean isResetPoint,
    boolean isRetry,
    String traceId) {}
