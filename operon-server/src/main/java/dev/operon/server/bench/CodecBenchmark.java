package dev.operon.server.bench;

import dev.operon.codec.Codec;
import dev.operon.server.bench.SampleEvents.Size;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes and decodes sample saga events with each codec: a warm-up, then several timed rounds,
 * reporting the median round. Speeds are in events per second and in MB/s of encoded bytes.
 */
final class CodecBenchmark {
  static final List<String> CODECS = List.of("json", "smile", "cbor");
  private static final int EVENTS_PER_SIZE = 200;

  /** One measured codec on one event size. */
  record Row(String codec, Size size, double bytesPerEvent, double encodeEventsPerS,
      double decodeEventsPerS, boolean humanReadable) {
    double encodeMBps() {
      return encodeEventsPerS * bytesPerEvent / 1e6;
    }

    double decodeMBps() {
      return decodeEventsPerS * bytesPerEvent / 1e6;
    }
  }

  private final Duration warmUp;
  private final Duration round;
  private final int rounds;
  private long sink;

  CodecBenchmark(Duration warmUp, Duration round, int rounds) {
    this.warmUp = warmUp;
    this.round = round;
    this.rounds = rounds;
  }

  /** Every codec on every size, in codec-major order. */
  List<Row> run() {
    List<Row> rows = new ArrayList<>();
    for (String name : CODECS) {
      for (Size size : Size.values()) {
        rows.add(measure(Codec.named(name), size));
      }
    }
    return rows;
  }

  Row measure(Codec codec, Size size) {
    List<SagaEvent> events = SampleEvents.of(size, EVENTS_PER_SIZE);
    byte[][] encoded = new byte[events.size()][];
    long totalBytes = 0;
    for (int i = 0; i < events.size(); i++) {
      encoded[i] = codec.encode(events.get(i));
      totalBytes += encoded[i].length;
    }
    verifyRoundTrip(codec, events, encoded);
    repeat(warmUp, () -> encodeAll(codec, events));
    repeat(warmUp, () -> decodeAll(codec, encoded));
    double encodeRate = medianRate(() -> encodeAll(codec, events));
    double decodeRate = medianRate(() -> decodeAll(codec, encoded));
    return new Row(codec.name(), size, (double) totalBytes / events.size(), encodeRate, decodeRate,
        codec.humanReadable());
  }

  private static void verifyRoundTrip(Codec codec, List<SagaEvent> events, byte[][] encoded) {
    SagaEvent back = codec.decode(encoded[0], SagaEvent.class);
    if (!back.equals(events.get(0))) {
      throw new IllegalStateException("The " + codec.name() + " codec did not round-trip "
          + events.get(0) + "; got " + back);
    }
  }

  private int encodeAll(Codec codec, List<SagaEvent> events) {
    for (SagaEvent event : events) {
      sink += codec.encode(event).length;
    }
    return events.size();
  }

  private int decodeAll(Codec codec, byte[][] encoded) {
    for (byte[] bytes : encoded) {
      sink += codec.decode(bytes, SagaEvent.class).eventId();
    }
    return encoded.length;
  }

  private double medianRate(java.util.function.IntSupplier pass) {
    double[] rates = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      long start = System.nanoTime();
      long done = repeat(round, pass);
      rates[i] = done / ((System.nanoTime() - start) / 1e9);
    }
    Arrays.sort(rates);
    return rates[rounds / 2];
  }

  private static long repeat(Duration time, java.util.function.IntSupplier pass) {
    long end = System.nanoTime() + time.toNanos();
    long done = 0;
    do {
      done += pass.getAsInt();
    } while (System.nanoTime() < end);
    return done;
  }

  /** Keeps the work from being optimized away. */
  long sink() {
    return sink;
  }
}
