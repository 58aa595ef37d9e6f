package dev.operon.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.dataformat.smile.databind.SmileMapper;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.io.IOException;

/** A {@link Codec} over a Jackson mapper: JSON, Smile or CBOR, same data model for all three. */
final class JacksonCodec implements Codec {
  static final JacksonCodec JSON = new JacksonCodec("json", true, configure(JsonMapper.builder()));
  static final JacksonCodec SMILE = new JacksonCodec("smile", false, configure(SmileMapper.builder()));
  static final JacksonCodec CBOR = new JacksonCodec("cbor", false, configure(CBORMapper.builder()));

  private final String name;
  private final boolean humanReadable;
  private final ObjectMapper mapper;

  private JacksonCodec(String name, boolean humanReadable, ObjectMapper mapper) {
    this.name = name;
    this.humanReadable = humanReadable;
    this.mapper = mapper;
  }

  private static ObjectMapper configure(MapperBuilder<?, ?> builder) {
    return JsonMappers.configure(builder);
  }

  static Codec named(String name) {
    return switch (name == null ? "" : name.toLowerCase(java.util.Locale.ROOT)) {
      case "json" -> JSON;
      case "smile" -> SMILE;
      case "cbor" -> CBOR;
      default -> throw new OperonException(
          ErrorKind.CONFIGURATION, "Unknown codec '" + name + "': use json, smile or cbor");
    };
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean humanReadable() {
    return humanReadable;
  }

  @Override
  public byte[] encode(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (IOException | RuntimeException e) {
      String type = value == null ? "null" : value.getClass().getName();
      throw OperonException.of(ErrorKind.CODEC,
              "The " + name + " codec cannot encode a value of type " + type + ": " + e.getMessage()
                  + "; give the type public accessors or Jackson annotations")
          .cause(e).build();
    }
  }

  @Override
  public <T> T decode(byte[] bytes, Class<T> type) {
    try {
      return mapper.readValue(bytes, type);
    } catch (IOException | RuntimeException e) {
      throw OperonException.of(ErrorKind.CODEC,
              "The " + name + " codec cannot decode " + (bytes == null ? 0 : bytes.length)
                  + " bytes as type " + type.getName() + ": " + e.getMessage()
                  + "; check that the bytes were written by the same codec and type")
          .cause(e).build();
    }
  }

  @Override
  public String toString() {
    return "Codec[" + name + "]";
  }
}
