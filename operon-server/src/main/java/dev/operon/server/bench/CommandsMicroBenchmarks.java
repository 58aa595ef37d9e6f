package dev.operon.server.bench;

import dev.operon.commands.Command;
import dev.operon.commands.Commander;
import dev.operon.commands.ComputedValues;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The per-call figures of the command pipeline, measured by JMH on one thread: a transient command
 * through the whole pipeline (filters, operation, completion with its dedup, the invalidation pass
 * that hands the command to its handler again), a kept computed value, and the invalidation of a
 * computed value followed by the call that computes it again.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CommandsMicroBenchmarks {
  /** A command whose handler adds one to its number. */
  public record Ping(int value) implements Command<Integer> {}

  private Commander commander;
  private ComputedValues values;
  private Ping ping;
  private int counter;

  @Setup(Level.Trial)
  public void setUp() {
    commander = Commander.builder().handle(Ping.class, (command, context) -> command.value() + 1).build();
    values = ComputedValues.create(1_000);
    ping = new Ping(41);
    values.get("kept", () -> 42);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    commander.close();
  }

  @Benchmark
  public Integer transientCommand() {
    return commander.call(ping);
  }

  @Benchmark
  public Integer computedHit() {
    return values.get("kept", () -> 42);
  }

  @Benchmark
  public Integer invalidateAndCall() {
    values.invalidate("kept");
    return values.get("kept", () -> ++counter);
  }
}
