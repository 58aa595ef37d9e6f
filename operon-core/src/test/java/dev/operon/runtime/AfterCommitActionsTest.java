package dev.operon.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AfterCommitActionsTest {
  private final AfterCommitActions actions = new AfterCommitActions();
  private final List<String> ran = new ArrayList<>();

  @Test
  void actionsWaitForTheCommitAndRunInTheOrderAdded() {
    AfterCommitActions.Batch batch = actions.begin();
    actions.add("first", () -> ran.add("first"));
    actions.add("second", () -> ran.add("second"));

    assertThat(ran).isEmpty();
    assertThat(batch.size()).isEqualTo(2);
    batch.close();
    batch.runAll();

    assertThat(ran).containsExactly("first", "second");
    assertThat(actions.collecting()).isFalse();
  }

  @Test
  void everyActionRunsEvenWhenOneBeforeItThrows() {
    AfterCommitActions.Batch batch = actions.begin();
    actions.add("publish task t-1", () -> {
      throw new IllegalStateException("broker down");
    });
    actions.add("wake saga s-1", () -> ran.add("wake"));
    actions.add("publish task t-2", () -> {
      throw new AssertionError("an Error too");
    });
    actions.add("wake saga s-2", () -> ran.add("wake again"));
    batch.close();

    batch.runAll();

    assertThat(ran).containsExactly("wake", "wake again");
  }

  @Test
  void aBatchClosedWithoutRunningDropsItsActions() {
    try (AfterCommitActions.Batch batch = actions.begin()) {
      actions.add("never", () -> ran.add("never"));
      assertThat(batch.size()).isEqualTo(1);
    }

    actions.add("outside a unit", () -> ran.add("at once"));

    assertThat(ran).containsExactly("at once");
  }

  @Test
  void outsideAUnitAnActionRunsAtOnceAndItsFailureReachesTheCaller() {
    assertThat(actions.collecting()).isFalse();
    assertThatThrownBy(() -> actions.add("publish", () -> {
      throw new IllegalStateException("broker down");
    })).isInstanceOf(IllegalStateException.class).hasMessage("broker down");
  }

  @Test
  void aThreadCollectsForOneUnitAtATime() {
    try (AfterCommitActions.Batch batch = actions.begin()) {
      assertThat(actions.collecting()).isTrue();
      assertThatThrownBy(actions::begin).isInstanceOf(IllegalStateException.class);
    }
    assertThat(actions.collecting()).isFalse();
  }

  @Test
  void anotherThreadsActionsAreNotCollected() throws InterruptedException {
    try (AfterCommitActions.Batch batch = actions.begin()) {
      Thread other = new Thread(() -> actions.add("other thread", () -> ran.add("other")));
      other.start();
      other.join();
      assertThat(ran).containsExactly("other");
      assertThat(batch.size()).isZero();
    }
  }
}
