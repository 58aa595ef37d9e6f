package dev.operon.codec;

/**
 * Turns values into bytes and back. Operon stores event payloads, task payloads, snapshots and
 * timer payloads through a codec. A value the codec cannot encode or decode raises an
 * {@link dev.operon.error.OperonException} of kind {@link dev.operon.error.ErrorKind#CODEC}
 * naming the type.
 */
public interface Codec {
  /** A short name: {@code json}, {@code smile}, {@code cbor}. */
  String name();

  /** Whether the encoded form can be read by a person (JSON). */
  boolean humanReadable();

  byte[] encode(Object value);

  <T> T decode(byte[] bytes, Class<T> type);

  /** JSON through Jackson: the default, human readable. */
  static Codec json() {
    return JacksonCodec.JSON;
  }

  /** The compact binary codec (Smile through Jackson; see docs/codecs.md for why). */
  static Codec binary() {
    return JacksonCodec.SMILE;
  }

  /** The codec called {@code name}: json, smile or cbor. */
  static Codec named(String name) {
    return JacksonCodec.named(name);
  }
}
