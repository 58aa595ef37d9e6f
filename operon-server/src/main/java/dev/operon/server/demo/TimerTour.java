package dev.operon.server.demo;

import dev.operon.timer.NewTimer;
import dev.operon.timer.Timer;
import dev.operon.timer.TimerStore;
import dev.operon.timer.TimerType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Creates timers, claims the due ones for one scheduler, fires, fails and cancels them. */
final class TimerTour {
  private static final int THROUGHPUT_TIMERS = 500;
  private static final byte[] NO_PAYLOAD = new byte[0];

  private final TimerStore timers;
  private final Narrator narrator;
  private final String runId;
  private final String owner;

  TimerTour(TimerStore timers, Narrator narrator, String runId) {
    this.timers = timers;
    this.narrator = narrator;
    this.runId = runId;
    this.owner = "order-" + runId + "-1";
  }

  void run() {
    narrator.section("Timer store: durable timers claimed by exactly one scheduler");
    Instant now = Instant.now();
    create(runId + "-payment-timeout", TimerType.ACTIVITY_TIMEOUT, now.minusSeconds(2));
    create(runId + "-reminder", TimerType.SLEEP, now.minusSeconds(1));
    create(runId + "-order-timeout", TimerType.WORKFLOW_TIMEOUT, now.plus(Duration.ofHours(1)));
    Timer again = timers.create(new NewTimer(runId + "-reminder", owner, TimerType.SLEEP,
        now.plusSeconds(999), NO_PAYLOAD));
    narrator.say("creating %s again returns the stored timer (fireAt unchanged: %s)",
        again.id(), again.fireAt().equals(now.minusSeconds(1)) ? "yes" : "NO");
    claimAndSettle(Instant.now());
    boolean cancelled = timers.cancel(runId + "-order-timeout");
    boolean cancelledAgain = timers.cancel(runId + "-order-timeout");
    narrator.say("cancel %s-order-timeout -> %s; cancel it again -> %s (only PENDING can be cancelled)",
        runId, cancelled, cancelledAgain);
    for (Timer timer : timers.listByOwner(owner)) {
      narrator.say("%-30s %-17s %-10s attempts %d%s", timer.id(), timer.type(), timer.status(),
          timer.attempts(), timer.error() == null ? "" : "  error: " + timer.error());
    }
    throughput();
  }

  private void create(String id, TimerType type, Instant fireAt) {
    Timer timer = timers.create(new NewTimer(id, owner, type, fireAt, NO_PAYLOAD));
    narrator.say("created %-30s %-17s due %s", timer.id(), timer.type(),
        timer.fireAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  private void claimAndSettle(Instant now) {
    List<Timer> claimedA = timers.claimDue("scheduler-a-" + runId, now, 100);
    List<Timer> claimedB = timers.claimDue("scheduler-b-" + runId, now, 100);
    List<Timer> ours = claimedA.stream().filter(t -> t.owner().equals(owner)).toList();
    narrator.say("scheduler-a claims the due timers: %s", ours.stream().map(Timer::id).toList());
    narrator.say("scheduler-b, a moment later: %d claimed (each due timer goes to one scheduler)",
        claimedB.size());
    for (Timer timer : claimedA) {
      if (timer.id().endsWith("-reminder") && timer.owner().equals(owner)) {
        timers.markFailed(timer.claim(), "reminder service down");
      } else {
        timers.markFired(timer.claim());
      }
    }
    claimedB.forEach(t -> timers.markFired(t.claim()));
    if (claimedA.size() > ours.size()) {
      narrator.say("(also fired %d leftover timer(s) from an earlier run)", claimedA.size() - ours.size());
    }
  }

  private void throughput() {
    Instant due = Instant.now().minusSeconds(1);
    long createStart = System.nanoTime();
    for (int i = 0; i < THROUGHPUT_TIMERS; i++) {
      timers.create(new NewTimer(runId + "-load-" + i, "load-" + runId, TimerType.SCHEDULED, due,
          NO_PAYLOAD));
    }
    String createRate = Narrator.rate(THROUGHPUT_TIMERS, createStart);
    long claimStart = System.nanoTime();
    int claimed = 0;
    List<Timer> batch;
    do {
      batch = timers.claimDue("scheduler-load-" + runId, Instant.now(), 50);
      batch.forEach(t -> timers.markFired(t.claim()));
      claimed += batch.size();
    } while (!batch.isEmpty());
    String claimRate = Narrator.rate(claimed, claimStart);
    narrator.say("one scheduler created %,d due timers at %s/s, then claimed (50 at a time) and"
        + " fired %,d at %s/s", THROUGHPUT_TIMERS, createRate, claimed, claimRate);
    narrator.figure("timers: 2 due claimed once by 2 schedulers, 1 cancelled;"
        + " create %s/s, claim+fire %s/s", createRate, claimRate);
  }
}
