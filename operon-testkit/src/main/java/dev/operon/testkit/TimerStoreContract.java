package dev.operon.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.OperonException;
import dev.operon.spi.BackendOptions;
import dev.operon.timer.NewTimer;
import dev.operon.timer.Timer;
import dev.operon.timer.TimerClaim;
import dev.operon.timer.TimerStatus;
import dev.operon.timer.TimerStore;
import dev.operon.timer.TimerType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link TimerStore}: every adapter's test extends this class and implements
 * {@link #open(BackendOptions)}. Times passed to {@link TimerStore#claimDue} always equal the
 * manual clock's, so an adapter may use either.
 */
public abstract class TimerStoreContract extends ContractSuite {

  /** Opens the adapter under test with {@code options}; each call must see an empty store for a fresh prefix. */
  protected abstract TimerStore open(BackendOptions options);

  /** Timer tests always run on the manual clock: timers take their time from the caller. */
  @Override
  protected BackendOptions baseOptions() {
    return super.baseOptions().withClock(clock);
  }

  /** The store of this test, opened with {@link #baseOptions()}. */
  protected TimerStore store() {
    return closeAfterTest(open(baseOptions()));
  }

  protected Instant now() {
    return clock.instant();
  }

  protected NewTimer timer(String id, String owner, Duration fromNow) {
    return new NewTimer(id, owner, TimerType.SLEEP, now().plus(fromNow), bytes(id));
  }

  protected static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The claims of {@code claimed} (timers {@link TimerStore#claimDue} returned), by timer id. */
  protected static Map<String, TimerClaim> claims(List<Timer> claimed) {
    return claimed.stream().map(Timer::claim).collect(Collectors.toMap(TimerClaim::timerId, Function.identity()));
  }

  // ---- create, get, list

  @Test
  void createdTimerIsPendingWithItsFields() {
    TimerStore store = store();
    Instant fireAt = now().plusSeconds(30);
    Timer created = store.create(new NewTimer("t-1", "saga-1", TimerType.WORKFLOW_TIMEOUT, fireAt, bytes("p")));
    assertThat(created.id()).isEqualTo("t-1");
    assertThat(created.owner()).isEqualTo("saga-1");
    assertThat(created.type()).isEqualTo(TimerType.WORKFLOW_TIMEOUT);
    assertThat(created.fireAt()).isEqualTo(fireAt);
    assertThat(created.payload()).isEqualTo(bytes("p"));
    assertThat(created.status()).isEqualTo(TimerStatus.PENDING);
    assertThat(created.claimedBy()).isNull();
    assertThat(created.claimedAt()).isNull();
    assertThat(created.attempts()).isZero();
    assertThat(created.createdAt()).isEqualTo(now());
    assertThat(created.error()).isNull();
    Timer read = store.get("t-1").orElseThrow();
    assertThat(read).usingRecursiveComparison().isEqualTo(created);
  }

  @Test
  void creatingAnExistingIdReturnsTheStoredTimerUnchanged() {
    TimerStore store = store();
    Timer first = store.create(timer("t-1", "saga-1", Duration.ofSeconds(10)));
    clock.advance(Duration.ofSeconds(1));
    Timer again = store.create(new NewTimer("t-1", "other", TimerType.CUSTOM, now().plusSeconds(99), bytes("x")));
    assertThat(again).usingRecursiveComparison().isEqualTo(first);
    assertThat(store.get("t-1").orElseThrow()).usingRecursiveComparison().isEqualTo(first);
    assertThat(store.listByOwner("other")).isEmpty();
  }

  @Test
  void unknownTimerIsAbsent() {
    TimerStore store = store();
    assertThat(store.get("nope")).isEmpty();
    assertThat(store.listByOwner("nobody")).isEmpty();
  }

  @Test
  void everyTimerTypeRoundTrips() {
    TimerStore store = store();
    for (TimerType type : TimerType.values()) {
      store.create(new NewTimer("t-" + type, "owner", type, now().plusSeconds(type.ordinal()), bytes(type.name())));
    }
    for (TimerType type : TimerType.values()) {
      Timer timer = store.get("t-" + type).orElseThrow();
      assertThat(timer.type()).isEqualTo(type);
      assertThat(timer.payload()).isEqualTo(bytes(type.name()));
    }
  }

  @Test
  void emptyPayloadRoundTrips() {
    TimerStore store = store();
    store.create(new NewTimer("t-1", "o", TimerType.SCHEDULED, now(), new byte[0]));
    assertThat(store.get("t-1").orElseThrow().payload()).isEmpty();
  }

  @Test
  void listByOwnerIsInFireAtOrderAndOnlyThatOwner() {
    TimerStore store = store();
    store.create(timer("late", "saga-1", Duration.ofMinutes(3)));
    store.create(timer("early", "saga-1", Duration.ofMinutes(1)));
    store.create(timer("middle", "saga-1", Duration.ofMinutes(2)));
    store.create(timer("foreign", "saga-2", Duration.ofSeconds(1)));
    assertThat(store.listByOwner("saga-1")).extracting(Timer::id).containsExactly("early", "middle", "late");
    assertThat(store.listByOwner("saga-2")).extracting(Timer::id).containsExactly("foreign");
  }

  // ---- cancel

  @Test
  void cancelMovesAPendingTimerToCancelled() {
    TimerStore store = store();
    store.create(timer("t-1", "o", Duration.ofSeconds(10)));
    assertThat(store.cancel("t-1")).isTrue();
    assertThat(store.get("t-1").orElseThrow().status()).isEqualTo(TimerStatus.CANCELLED);
    assertThat(store.cancel("t-1")).isFalse();
    clock.advance(Duration.ofMinutes(1));
    assertThat(store.claimDue("s-1", now(), 10)).isEmpty();
  }

  @Test
  void cancelOfAnUnknownTimerIsFalse() {
    assertThat(store().cancel("nope")).isFalse();
  }

  @Test
  void cancelOnlyWorksFromPending() {
    TimerStore store = store();
    store.create(timer("claimed", "o", Duration.ZERO));
    store.create(timer("fired", "o", Duration.ZERO));
    store.create(timer("failed", "o", Duration.ZERO));
    Map<String, TimerClaim> claims = claims(store.claimDue("s-1", now(), 10));
    assertThat(claims).hasSize(3);
    assertThat(store.markFired(claims.get("fired"))).isTrue();
    assertThat(store.markFailed(claims.get("failed"), "boom")).isTrue();
    assertThat(store.cancel("claimed")).isFalse();
    assertThat(store.cancel("fired")).isFalse();
    assertThat(store.cancel("failed")).isFalse();
    assertThat(store.get("claimed").orElseThrow().status()).isEqualTo(TimerStatus.PROCESSING);
    assertThat(store.get("fired").orElseThrow().status()).isEqualTo(TimerStatus.FIRED);
    assertThat(store.get("failed").orElseThrow().status()).isEqualTo(TimerStatus.FAILED);
  }

  // ---- claim

  @Test
  void claimDueTakesOnlyDueTimersInFireAtOrder() {
    TimerStore store = store();
    store.create(timer("future", "o", Duration.ofMinutes(1)));
    store.create(timer("second", "o", Duration.ofSeconds(-1)));
    store.create(timer("first", "o", Duration.ofSeconds(-2)));
    store.create(timer("now", "o", Duration.ZERO));
    List<Timer> claimed = store.claimDue("sched-1", now(), 10);
    assertThat(claimed).extracting(Timer::id).containsExactly("first", "second", "now");
    assertThat(claimed).allSatisfy(t -> {
      assertThat(t.status()).isEqualTo(TimerStatus.PROCESSING);
      assertThat(t.claimedBy()).isEqualTo("sched-1");
      assertThat(t.claimedAt()).isNotNull();
      assertThat(t.attempts()).isEqualTo(1);
    });
    Timer stored = store.get("first").orElseThrow();
    assertThat(stored.status()).isEqualTo(TimerStatus.PROCESSING);
    assertThat(stored.claimedBy()).isEqualTo("sched-1");
    assertThat(store.get("future").orElseThrow().status()).isEqualTo(TimerStatus.PENDING);
    assertThat(store.claimDue("sched-2", now(), 10)).isEmpty();
  }

  @Test
  void claimDueRespectsTheLimit() {
    TimerStore store = store();
    for (int i = 0; i < 5; i++) {
      store.create(timer("t-" + i, "o", Duration.ofSeconds(i - 10)));
    }
    assertThat(store.claimDue("s", now(), 2)).extracting(Timer::id).containsExactly("t-0", "t-1");
    assertThat(store.claimDue("s", now(), 2)).extracting(Timer::id).containsExactly("t-2", "t-3");
    assertThat(store.claimDue("s", now(), 2)).extracting(Timer::id).containsExactly("t-4");
    assertThat(store.claimDue("s", now(), 2)).isEmpty();
  }

  @Test
  void timerBecomesClaimableWhenItsTimeComes() {
    TimerStore store = store();
    store.create(timer("t-1", "o", Duration.ofSeconds(30)));
    assertThat(store.claimDue("s", now(), 10)).isEmpty();
    clock.advance(Duration.ofSeconds(29));
    assertThat(store.claimDue("s", now(), 10)).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(store.claimDue("s", now(), 10)).extracting(Timer::id).containsExactly("t-1");
  }

  @Test
  void expiredClaimIsClaimableAgain() {
    BackendOptions options = baseOptions().withTimerClaimTimeout(Duration.ofMinutes(2));
    TimerStore store = closeAfterTest(open(options));
    store.create(timer("t-1", "o", Duration.ZERO));
    assertThat(store.claimDue("dead-scheduler", now(), 10)).hasSize(1);
    clock.advance(Duration.ofMinutes(2).minusSeconds(1));
    assertThat(store.claimDue("s-2", now(), 10)).isEmpty();
    clock.advance(Duration.ofSeconds(2));
    List<Timer> reclaimed = store.claimDue("s-2", now(), 10);
    assertThat(reclaimed).extracting(Timer::id).containsExactly("t-1");
    assertThat(reclaimed.get(0).claimedBy()).isEqualTo("s-2");
    assertThat(reclaimed.get(0).attempts()).isEqualTo(2);
    assertThat(store.get("t-1").orElseThrow().claimedBy()).isEqualTo("s-2");
    assertThat(store.markFired(reclaimed.get(0).claim())).isTrue();
    assertThat(store.get("t-1").orElseThrow().status()).isEqualTo(TimerStatus.FIRED);
  }

  // ---- reschedule, release

  @Test
  void rescheduleMovesAPendingTimerEarlierOrLater() {
    TimerStore store = store();
    store.create(timer("lease", "o", Duration.ofSeconds(30)));
    assertThat(store.reschedule("lease", null, now().plusSeconds(60))).isTrue();
    assertThat(store.get("lease").orElseThrow().fireAt()).isEqualTo(now().plusSeconds(60));
    assertThat(store.get("lease").orElseThrow().status()).isEqualTo(TimerStatus.PENDING);
    clock.advance(Duration.ofSeconds(59));
    assertThat(store.claimDue("s", now(), 10)).isEmpty();
    assertThat(store.reschedule("lease", null, now().plusSeconds(5))).isTrue();
    clock.advance(Duration.ofSeconds(5));
    assertThat(store.claimDue("s", now(), 10)).extracting(Timer::id).containsExactly("lease");
    assertThat(store.nextDue()).isEmpty();
  }

  @Test
  void rescheduleWithAnExpectedTimeMovesOnlyATimerStillDueThen() {
    TimerStore store = store();
    store.create(timer("t-1", "o", Duration.ofSeconds(300)));
    Instant deadline = now().plusSeconds(300);
    assertThat(store.reschedule("t-1", deadline, now().plusSeconds(30))).as("first taker").isTrue();
    assertThat(store.reschedule("t-1", deadline, now().plusSeconds(40))).as("second taker").isFalse();
    assertThat(store.get("t-1").orElseThrow().fireAt()).isEqualTo(now().plusSeconds(30));
    assertThat(store.reschedule("t-1", now().plusSeconds(30), deadline)).as("given back by its holder").isTrue();
    assertThat(store.get("t-1").orElseThrow().fireAt()).isEqualTo(deadline);
  }

  @Test
  void rescheduleChangesNothingUnlessPending() {
    TimerStore store = store();
    store.create(timer("claimed", "o", Duration.ZERO));
    store.create(timer("fired", "o", Duration.ZERO));
    store.create(timer("cancelled", "o", Duration.ofMinutes(1)));
    store.cancel("cancelled");
    Map<String, TimerClaim> claims = claims(store.claimDue("s", now(), 10));
    assertThat(claims).hasSize(2);
    assertThat(store.markFired(claims.get("fired"))).isTrue();
    Instant later = now().plusSeconds(90);
    for (String id : List.of("claimed", "fired", "cancelled", "unknown")) {
      assertThat(store.reschedule(id, null, later)).as(id).isFalse();
      assertThat(store.reschedule(id, now(), later)).as(id).isFalse();
    }
    Timer claimed = store.get("claimed").orElseThrow();
    assertThat(claimed.status()).isEqualTo(TimerStatus.PROCESSING);
    assertThat(claimed.fireAt()).isEqualTo(now());
    assertThat(claimed.claimedBy()).isEqualTo("s");
    assertThat(store.get("fired").orElseThrow().status()).isEqualTo(TimerStatus.FIRED);
    assertThat(store.get("cancelled").orElseThrow().status()).isEqualTo(TimerStatus.CANCELLED);
  }

  @Test
  void releaseGivesAClaimedTimerBackPendingAtItsNewTime() {
    TimerStore store = store();
    store.create(timer("t-1", "o", Duration.ZERO));
    List<Timer> claimed = store.claimDue("s-1", now(), 10);
    assertThat(claimed).hasSize(1);
    assertThat(store.release(claimed.get(0).claim(), now().plusSeconds(20))).isTrue();
    Timer released = store.get("t-1").orElseThrow();
    assertThat(released.status()).isEqualTo(TimerStatus.PENDING);
    assertThat(released.fireAt()).isEqualTo(now().plusSeconds(20));
    assertThat(released.claimedBy()).isNull();
    assertThat(store.nextDue()).contains(now().plusSeconds(20));
    clock.advance(Duration.ofSeconds(19));
    assertThat(store.claimDue("s-2", now(), 10)).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(store.claimDue("s-2", now(), 10)).extracting(Timer::claimedBy).containsExactly("s-2");
  }

  @Test
  void releaseWithoutAHeldClaimChangesNothing() {
    TimerStore store = store();
    store.create(timer("pending", "o", Duration.ofMinutes(5)));
    store.create(timer("fired", "o", Duration.ZERO));
    TimerClaim firedClaim = store.claimDue("s", now(), 10).get(0).claim();
    assertThat(store.markFired(firedClaim)).isTrue();
    for (TimerClaim claim : List.of(new TimerClaim("pending", "s", 1), firedClaim, new TimerClaim("unknown", "s", 1))) {
      assertThat(store.release(claim, now().plusSeconds(1))).as(claim.timerId()).isFalse();
    }
    Timer pending = store.get("pending").orElseThrow();
    assertThat(pending.status()).isEqualTo(TimerStatus.PENDING);
    assertThat(pending.fireAt()).isEqualTo(now().plusSeconds(300));
    assertThat(store.get("fired").orElseThrow().status()).isEqualTo(TimerStatus.FIRED);
    assertThat(store.get("unknown")).isEmpty();
  }

  // ---- fire, fail

  @Test
  void markFiredMovesAClaimedTimerToFired() {
    TimerStore store = store();
    store.create(timer("t-1", "o", Duration.ZERO));
    TimerClaim claim = store.claimDue("s", now(), 1).get(0).claim();
    assertThat(store.markFired(claim)).isTrue();
    assertThat(store.get("t-1").orElseThrow().status()).isEqualTo(TimerStatus.FIRED);
    clock.advance(Duration.ofHours(1));
    assertThat(store.claimDue("s", now(), 10)).isEmpty();
  }

  @Test
  void markFailedKeepsTheReason() {
    TimerStore store = store();
    store.create(timer("t-1", "o", Duration.ZERO));
    TimerClaim claim = store.claimDue("s", now(), 1).get(0).claim();
    assertThat(store.markFailed(claim, "owner saga is gone")).isTrue();
    Timer failed = store.get("t-1").orElseThrow();
    assertThat(failed.status()).isEqualTo(TimerStatus.FAILED);
    assertThat(failed.error()).isEqualTo("owner saga is gone");
    clock.advance(Duration.ofHours(1));
    assertThat(store.claimDue("s", now(), 10)).isEmpty();
  }

  @Test
  void markFiredOrFailedWithoutAHeldClaimChangesNothing() {
    TimerStore store = store();
    store.create(timer("pending", "o", Duration.ofMinutes(5)));
    store.create(timer("cancelled", "o", Duration.ofMinutes(5)));
    store.cancel("cancelled");
    store.create(timer("fired", "o", Duration.ZERO));
    TimerClaim firedClaim = store.claimDue("s", now(), 10).get(0).claim();
    assertThat(store.markFired(firedClaim)).isTrue();
    List<TimerClaim> notHeld = List.of(new TimerClaim("pending", "s", 1), new TimerClaim("cancelled", "s", 1),
        firedClaim, new TimerClaim("unknown", "s", 1));
    for (TimerClaim claim : notHeld) {
      assertThat(store.markFired(claim)).as(claim.timerId()).isFalse();
      assertThat(store.markFailed(claim, "x")).as(claim.timerId()).isFalse();
    }
    assertThat(store.get("pending").orElseThrow().status()).isEqualTo(TimerStatus.PENDING);
    assertThat(store.get("cancelled").orElseThrow().status()).isEqualTo(TimerStatus.CANCELLED);
    Timer fired = store.get("fired").orElseThrow();
    assertThat(fired.status()).isEqualTo(TimerStatus.FIRED);
    assertThat(fired.error()).isNull();
    assertThat(store.get("unknown")).isEmpty();
  }

  @Test
  void onlyAProcessingTimerHasAClaim() {
    TimerStore store = store();
    Timer pending = store.create(timer("t-1", "o", Duration.ZERO));
    assertThatThrownBy(pending::claim).isInstanceOf(OperonException.class).hasMessageContaining("t-1");
    Timer claimed = store.claimDue("s", now(), 1).get(0);
    assertThat(claimed.claim()).isEqualTo(new TimerClaim("t-1", "s", 1));
    assertThat(store.get("t-1").orElseThrow().claim()).isEqualTo(claimed.claim());
  }

  // ---- fencing: a claim that expired and was taken over finishes nothing

  @Test
  void aSchedulerWhoseClaimExpiredCannotTouchTheTimerAnotherNowHolds() {
    BackendOptions options = baseOptions().withTimerClaimTimeout(Duration.ofMinutes(2));
    TimerStore store = closeAfterTest(open(options));
    for (String id : List.of("to-fire", "to-fail", "to-release")) {
      store.create(timer(id, "o", Duration.ZERO));
    }
    Instant due = now();
    Map<String, TimerClaim> a = claims(store.claimDue("scheduler-a", now(), 10));
    assertThat(a).hasSize(3);
    clock.advance(Duration.ofMinutes(2).plusSeconds(1));
    Map<String, TimerClaim> b = claims(store.claimDue("scheduler-b", now(), 10));
    assertThat(b).as("every claim of A expired and B took them").hasSize(3);

    for (String id : a.keySet()) {
      assertLostClaimChangesNothing(store, a.get(id));
      Timer held = store.get(id).orElseThrow();
      assertThat(held.status()).as(id).isEqualTo(TimerStatus.PROCESSING);
      assertThat(held.claimedBy()).as(id).isEqualTo("scheduler-b");
      assertThat(held.attempts()).as(id).isEqualTo(2);
      assertThat(held.fireAt()).as(id).isEqualTo(due);
      assertThat(held.error()).as(id).isNull();
    }

    assertThat(store.markFired(b.get("to-fire"))).isTrue();
    assertThat(store.markFailed(b.get("to-fail"), "failed by B")).isTrue();
    assertThat(store.release(b.get("to-release"), now().plusSeconds(60))).isTrue();
    for (String id : a.keySet()) {
      assertLostClaimChangesNothing(store, a.get(id));
    }

    assertThat(store.get("to-fire").orElseThrow().status()).isEqualTo(TimerStatus.FIRED);
    Timer failed = store.get("to-fail").orElseThrow();
    assertThat(failed.status()).isEqualTo(TimerStatus.FAILED);
    assertThat(failed.error()).isEqualTo("failed by B");
    Timer released = store.get("to-release").orElseThrow();
    assertThat(released.status()).isEqualTo(TimerStatus.PENDING);
    assertThat(released.fireAt()).isEqualTo(now().plusSeconds(60));
    assertThat(released.claimedBy()).isNull();
    assertThat(store.nextDue()).contains(now().plusSeconds(60));
  }

  @Test
  void anExpiredClaimIsNotTheSameSchedulersNewClaim() {
    BackendOptions options = baseOptions().withTimerClaimTimeout(Duration.ofMinutes(2));
    TimerStore store = closeAfterTest(open(options));
    store.create(timer("t-1", "o", Duration.ZERO));
    TimerClaim first = store.claimDue("s", now(), 1).get(0).claim();
    clock.advance(Duration.ofMinutes(3));
    TimerClaim second = store.claimDue("s", now(), 1).get(0).claim();
    assertThat(second).isEqualTo(new TimerClaim("t-1", "s", 2));

    assertLostClaimChangesNothing(store, first);
    assertThat(store.get("t-1").orElseThrow().claim()).isEqualTo(second);
    assertThat(store.markFired(second)).isTrue();
    assertThat(store.get("t-1").orElseThrow().status()).isEqualTo(TimerStatus.FIRED);
  }

  /** Every call that finishes a claim returns false for {@code lost}, and the timer stays as it was. */
  private void assertLostClaimChangesNothing(TimerStore store, TimerClaim lost) {
    Timer before = store.get(lost.timerId()).orElseThrow();
    assertThat(store.markFired(lost)).as("markFired " + lost).isFalse();
    assertThat(store.markFailed(lost, "failed by a lost claim")).as("markFailed " + lost).isFalse();
    assertThat(store.release(lost, now().plusSeconds(600))).as("release " + lost).isFalse();
    assertThat(store.get(lost.timerId()).orElseThrow()).as(lost.timerId()).usingRecursiveComparison()
        .isEqualTo(before);
  }

  // ---- next due

  @Test
  void nextDueIsTheEarliestPendingFireAt() {
    TimerStore store = store();
    assertThat(store.nextDue()).isEmpty();
    store.create(timer("b", "o", Duration.ofMinutes(2)));
    store.create(timer("a", "o", Duration.ofMinutes(1)));
    store.create(timer("c", "o", Duration.ofMinutes(3)));
    assertThat(store.nextDue()).contains(now().plus(Duration.ofMinutes(1)));
    store.cancel("a");
    assertThat(store.nextDue()).contains(now().plus(Duration.ofMinutes(2)));
    clock.advance(Duration.ofMinutes(2));
    store.claimDue("s", now(), 10);
    assertThat(store.nextDue()).contains(now().plus(Duration.ofMinutes(1)));
  }

  // ---- concurrency

  @Test
  void concurrentSchedulersNeverClaimATimerTwice() throws Exception {
    TimerStore store = store();
    int total = 500;
    Set<String> created = new HashSet<>();
    for (int i = 0; i < total; i++) {
      String id = "t-" + i;
      store.create(new NewTimer(id, "owner-" + (i % 7), TimerType.values()[i % TimerType.values().length],
          now().minusMillis(i), new byte[0]));
      created.add(id);
    }
    List<String> claimed = Collections.synchronizedList(new ArrayList<>());
    EventStoreContract.runConcurrently(4, scheduler -> {
      int emptyInARow = 0;
      while (emptyInARow < 3) {
        List<Timer> batch = store.claimDue("scheduler-" + scheduler, now(), 7);
        emptyInARow = batch.isEmpty() ? emptyInARow + 1 : 0;
        for (Timer timer : batch) {
          claimed.add(timer.id());
          assertThat(timer.claimedBy()).isEqualTo("scheduler-" + scheduler);
        }
      }
    });
    assertThat(claimed).doesNotHaveDuplicates();
    assertThat(claimed).containsExactlyInAnyOrderElementsOf(created);
    assertThat(store.claimDue("late", now(), 1000)).isEmpty();
  }
}
