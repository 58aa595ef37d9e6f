package dev.operon.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class CodecTest {
  record Address(String street, String city, String country) {}

  record Customer(String id, String name, Address address, List<String> emails) {}

  record Line(String sku, int quantity, long unitPriceCents) {}

  record OrderPlaced(
      String orderId,
      Customer customer,
      List<Line> lines,
      Map<String, String> tags,
      Instant placedAt,
      long totalCents,
      boolean express,
      byte[] signature) {}

  /** A value whose only property cannot be read. */
  public static final class Unreadable {
    public String getSecret() {
      throw new IllegalStateException("secret is not readable");
    }
  }

  static Stream<Codec> codecs() {
    return Stream.of(Codec.named("json"), Codec.named("smile"), Codec.named("cbor"));
  }

  static OrderPlaced order() {
    return new OrderPlaced(
        "order-42",
        new Customer("c-7", "Zoë Ångström", new Address("Main St 1", "Köln", "DE"),
            List.of("zoe@example.com", "z@example.org")),
        List.of(new Line("sku-1", 2, 1999), new Line("sku-2", 1, 54_00)),
        Map.of("channel", "web", "campaign", "spring"),
        Instant.parse("2030-01-02T03:04:05.123456789Z"),
        9398,
        true,
        new byte[] {0, 1, 2, (byte) 0xFF});
  }

  @ParameterizedTest
  @MethodSource("codecs")
  void realisticRecordRoundTrips(Codec codec) {
    OrderPlaced order = order();
    OrderPlaced back = codec.decode(codec.encode(order), OrderPlaced.class);
    assertThat(back).usingRecursiveComparison().isEqualTo(order);
    assertThat(back.placedAt()).isEqualTo(order.placedAt());
  }

  @ParameterizedTest
  @MethodSource("codecs")
  void unencodableValueIsACodecErrorNamingTheType(Codec codec) {
    assertThatThrownBy(() -> codec.encode(new Unreadable()))
        .isInstanceOfSatisfying(OperonException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.CODEC);
          assertThat(e.getMessage()).contains(Unreadable.class.getName()).contains(codec.name());
        });
  }

  @ParameterizedTest
  @MethodSource("codecs")
  void undecodableBytesAreACodecErrorNamingTheType(Codec codec) {
    byte[] garbage = {(byte) 0xFF, (byte) 0xFE, 0x00, 0x01};
    assertThatThrownBy(() -> codec.decode(garbage, OrderPlaced.class))
        .isInstanceOfSatisfying(OperonException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.CODEC);
          assertThat(e.getMessage()).contains(OrderPlaced.class.getName()).contains(codec.name());
        });
  }

  @ParameterizedTest
  @MethodSource("codecs")
  void bytesOfAnotherShapeAreACodecError(Codec codec) {
    byte[] list = codec.encode(List.of(1, 2, 3));
    assertThatThrownBy(() -> codec.decode(list, OrderPlaced.class))
        .isInstanceOfSatisfying(OperonException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CODEC));
  }

  @Test
  void jsonIsHumanReadableWithIsoInstants() {
    Codec json = Codec.json();
    assertThat(json.name()).isEqualTo("json");
    assertThat(json.humanReadable()).isTrue();
    String text = new String(json.encode(order()), StandardCharsets.UTF_8);
    assertThat(text).contains("\"orderId\":\"order-42\"").contains("2030-01-02T03:04:05.123456789Z");
  }

  @Test
  void binaryCodecIsCompactSmile() {
    Codec binary = Codec.binary();
    assertThat(binary.name()).isEqualTo("smile");
    assertThat(binary.humanReadable()).isFalse();
    assertThat(binary.encode(order()).length).isLessThan(Codec.json().encode(order()).length);
  }

  @Test
  void namesAreCaseInsensitiveAndUnknownNamesAreAConfigurationError() {
    assertThat(Codec.named("CBOR").name()).isEqualTo("cbor");
    assertThatThrownBy(() -> Codec.named("xml"))
        .isInstanceOfSatisfying(OperonException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.CONFIGURATION);
          assertThat(e.getMessage()).contains("xml").contains("json");
        });
    assertThatThrownBy(() -> Codec.named(null)).isInstanceOf(OperonException.class);
  }
}
