package dev.operon.server.bench;

import dev.operon.codec.Codec;
import dev.operon.server.bench.SampleEvents.Size;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Encodes and decodes sample saga events with each codec. After a warm-up of every case, the
 * timed rounds are interleaved (each round measures every codec on every size once), so that a
 * change in machine load hits all codecs alike; each figure is the median of its rounds. Speeds
 * are in events per second and in MB/s of encoded bytes.
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
    List<Case> cases = new ArrayList<>();
    for (String name : CODECS) {
      for (Size size : Size.values()) {
        cases.add(new Case(Codec.named(name), size, SampleEvents.of(size, EVENTS_PER_SIZE)));
      }
    }
    for (Case c : cases) {
      repeat(warmUp, () -> encodeAll(c));
      repeat(warmUp, () -> decodeAll(c));
    }
    for (int r = 0; r < rounds; r++) {
      for (Case c : cases) {
        c.encodeRates[r] = rate(() -> encodeAll(c));
        c.decodeRates[r] = rate(() -> decodeAll(c));
      }
    }
    return cases.stream().map(Case::row).toList();
  }

  private int encodeAll(Case c) {
    for (SagaEvent event : c.events) {
      sink += c.codec.encode(event).length;
    }
    return c.events.size();
  }

  private int decodeAll(Case c) {
    for (byte[] bytes : c.encoded) {
      sink += c.codec.decode(bytes, SagaEvent.class).eventId();
    }
    return c.encoded.length;
  }

  private double rate(IntSupplier pass) {
    long start = System.nanoTime();
    long done = repeat(round, pass);
    return done / ((System.nanoTime() - start) / 1e9);
  }

  private static long repeat(Duration time, IntSupplier pass) {
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

  /** One codec on one size: its events, their encoded forms, and the rates of each round. */
  private final class Case {
    final Codec codec;
    final Size size;
    final List<SagaEvent> events;
    final byte[][] encoded;
    final double[] encodeRates = new double[rounds];
    final double[] decodeRates = new double[rounds];
    final double bytesPerEvent;

    Case(Codec codec, Size size, List<SagaEvent> events) {
      this.codec = codec;
      this.size = size;
      this.events = events;
      this.encoded = new byte[events.size()][];
      long total = 0;
      for (int i = 0; i < events.size(); i++) {
        encoded[i] = codec.encode(events.get(i));
        total += encoded[i].length;
      }
      this.bytesPerEvent = (double) total / events.size();
      SagaEvent back = codec.decode(encoded[0], SagaEvent.class);
      if (!back.equals(events.get(0))) {
        throw new IllegalStateException("The " + codec.name() + " codec did not round-trip "
            + events.get(0) + "; got " + back);
      }
    }

    Row row() {
      return new Row(codec.name(), size, bytesPerEvent, median(encodeRates), median(decodeRates),
          codec.humanReadable());
    }

    private double median(double[] values) {
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      return sorted[sorted.length / 2];
    }
  }
}
