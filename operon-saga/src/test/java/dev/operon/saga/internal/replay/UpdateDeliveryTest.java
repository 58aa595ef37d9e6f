package dev.operon.saga.internal.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.operon.runtime.ManualClock;
import dev.operon.saga.Activity;
import dev.operon.saga.ActivityContext;
import dev.operon.saga.ActivityRegistry;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.Workflow;
import dev.operon.saga.WorkflowContext;
import dev.operon.saga.internal.WorkflowRegistry;
import dev.operon.saga.internal.history.EventFactory;
import dev.operon.saga.internal.history.SagaHistory;
import dev.operon.saga.internal.history.ScheduledStep;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Updates reach their handler at the same point of the workflow code on every replay, whether the
 * replay that first handled them paused there or a later one passed it.
 */
class UpdateDeliveryTest {
  private final ManualClock clock = new ManualClock();
  private final EventFactory events = new EventFactory(clock);
  private final Replayer replayer = new Replayer(ActivityRegistry.of(new Echo()), events, clock,
      new ReplayServices(null, new WorkflowRegistry()));

  record Echo() implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String input) {
      return input;
    }
  }

  /** Counts finished steps; update "seen" answers the count at the point it is handled. */
  static final class Counting implements Workflow<String, Integer> {
    @Override
    public Integer run(WorkflowContext ctx, String input) {
      int[] steps = {0};
      ctx.onUpdate("seen", String.class, null, note -> steps[0]);
      ctx.activity(Echo.class, "one");
      steps[0]++;
      ctx.activity(Echo.class, "two");
      steps[0]++;
      return steps[0];
    }
  }

  /** Its update handler wrongly calls an activity. */
  static final class Meddling implements Workflow<String, Integer> {
    @Override
    public Integer run(WorkflowContext ctx, String input) {
      ctx.onUpdate("peek", String.class, null, note -> ctx.activity(Echo.class, note));
      ctx.activity(Echo.class, "one");
      ctx.activity(Echo.class, "two");
      return 2;
    }
  }

  private final List<HistoryEvent> log = new ArrayList<>();

  private void add(HistoryEvent e) {
    log.add(e.withEventId(log.size() + 1));
  }

  private List<HistoryEvent> completions(Replayer.Result result) {
    return result.decision().events().stream().filter(e -> e.eventType() == EventType.UPDATE_COMPLETED).toList();
  }

  private Replayer.Result replay() {
    return replayer.replay(new Counting(), new SagaHistory("s", log));
  }

  @Test
  void anUpdateIsHandledAtTheWaitItArrivedDuringOnEveryReplay() {
    add(events.started("s", "Counting", TextNode.valueOf("in"), null, null));
    add(events.activityScheduled("s", new ScheduledStep("1", "echo", TextNode.valueOf("one"), null, null)));
    add(events.updateAccepted("s", "u1", "seen", TextNode.valueOf("a")));

    Replayer.Result paused = replay();
    assertThat(paused.outcome()).isInstanceOf(ReplayOutcome.Paused.class);
    assertThat(completions(paused)).singleElement()
        .satisfies(e -> assertThat(e.attributes().get("output").asInt()).isZero());
    completions(paused).forEach(this::add);

    add(events.activityCompleted("s", "1", TextNode.valueOf("one"), 1));
    add(events.activityScheduled("s", new ScheduledStep("2", "echo", TextNode.valueOf("two"), null, null)));
    add(events.updateAccepted("s", "u2", "seen", TextNode.valueOf("b")));
    add(events.activityCompleted("s", "2", TextNode.valueOf("two"), 1));

    Replayer.Result done = replay();
    assertThat(done.outcome()).isEqualTo(new ReplayOutcome.Returned(IntNode.valueOf(2)));
    assertThat(completions(done)).singleElement().satisfies(e -> {
      assertThat(e.text("update_id")).isEqualTo("u2");
      assertThat(e.attributes().get("output").asInt()).isEqualTo(1);
    });
  }

  @Test
  void anUpdateWithoutAHandlerAtItsPointCompletesWithAFailure() {
    add(events.started("s", "Counting", TextNode.valueOf("in"), null, null));
    add(events.activityScheduled("s", new ScheduledStep("1", "echo", TextNode.valueOf("one"), null, null)));
    add(events.updateAccepted("s", "u1", "rename", TextNode.valueOf("x")));

    assertThat(completions(replay())).singleElement().satisfies(e -> {
      assertThat(e.attributes().path("failure").path("kind").asText()).isEqualTo("VALIDATION");
      assertThat(e.attributes().path("failure").path("message").asText()).contains("'rename'");
    });
  }

  @Test
  void aHandlerThatCallsTheContextFailsItsUpdateAndLeavesTheWorkflowsCommandsInPlace() {
    add(events.started("s", "Meddling", TextNode.valueOf("in"), null, null));
    add(events.activityScheduled("s", new ScheduledStep("1", "echo", TextNode.valueOf("one"), null, null)));
    add(events.updateAccepted("s", "u1", "peek", TextNode.valueOf("x")));
    Replayer.Result first = replayer.replay(new Meddling(), new SagaHistory("s", log));
    assertThat(completions(first)).singleElement().satisfies(e -> {
      assertThat(e.attributes().path("failure").path("kind").asText()).isEqualTo("VALIDATION");
      assertThat(e.attributes().path("failure").path("message").asText()).contains("cannot call activities");
    });
    completions(first).forEach(this::add);
    add(events.activityCompleted("s", "1", TextNode.valueOf("one"), 1));

    Replayer.Result next = replayer.replay(new Meddling(), new SagaHistory("s", log));

    assertThat(next.outcome()).isInstanceOf(ReplayOutcome.Paused.class);
    assertThat(next.decision().events()).singleElement().satisfies(e -> {
      assertThat(e.eventType()).isEqualTo(EventType.ACTIVITY_TASK_SCHEDULED);
      assertThat(e.text("activity_id")).isEqualTo("2");
    });
  }
}
