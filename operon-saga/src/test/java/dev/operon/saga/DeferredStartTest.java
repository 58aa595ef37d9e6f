package dev.operon.saga;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.spi.Backend;
import dev.operon.spi.Backends;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An engine built without its loops runs nothing queued until startWorkers(), then catches up. */
class DeferredStartTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  public static final class Hello implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String name) {
      return ctx.activity(Greet.class, name);
    }
  }

  public static final class Greet implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String name) {
      return "hello " + name;
    }
  }

  @Test
  void aSagaQueuedBeforeTheLoopsStartRunsOnceTheyDo() {
    try (Backend backend = Backends.open("memory:")) {
      SagaEngine engine = SagaEngine.builder().backend(backend).workflows(new Hello()).activities(new Greet())
          .localContinuation(false).startWorkers(false).build();
      try {
        var handle = engine.start(Hello.class, "ann");
        assertThat(backend.taskQueue().stats("saga-workflows").depth()).as("its first task waits in the queue")
            .isEqualTo(1);
        assertThat(engine.describe(handle.id()).state()).isEqualTo(SagaState.RUNNING);

        engine.startWorkers();
        engine.startWorkers(); // a second call does nothing

        assertThat(handle.result(WAIT)).isEqualTo("hello ann");
        eventually(WAIT, () -> assertThat(backend.taskQueue().stats("saga-workflows").depth()).isZero());
      } finally {
        engine.close();
      }
    }
  }
}
