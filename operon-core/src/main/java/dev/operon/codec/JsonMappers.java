package dev.operon.codec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Jackson mappers with Operon's settings, for code that works on JSON trees or strings rather than
 * through a {@link Codec}: java.time values as ISO strings, beans without properties allowed, and
 * unknown properties ignored when reading (what older code wrote keeps decoding). {@link Codec#json()}
 * uses the same settings.
 */
public final class JsonMappers {
  private JsonMappers() {}

  /** A new JSON mapper with Operon's settings. */
  public static ObjectMapper json() {
    return configure(JsonMapper.builder());
  }

  /** {@code builder} with Operon's settings, built (JSON, Smile or CBOR alike). */
  public static ObjectMapper configure(MapperBuilder<?, ?> builder) {
    return builder
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
  }
}
