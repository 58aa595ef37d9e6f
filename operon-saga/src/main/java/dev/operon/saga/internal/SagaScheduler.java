package dev.operon.saga.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operon.codec.Codec;
import dev.operon.error.OperonException;
import dev.operon.eventstore.EventStore;
import dev.operon.saga.SagaSchedule;
import dev.operon.saga.internal.client.SagaClient;
import dev.operon.timer.NewTimer;
import dev.operon.timer.Timer;
import dev.operon.timer.TimerStatus;
import dev.operon.timer.TimerType;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workflows started on cron schedules. A schedule's definition is stored in the {@link ScheduleBook};
 * its next firing is a SCHEDULED timer whose id names the schedule, its generation and the fire
 * time, so creating it twice creates one timer. A firing arms the next timer, then starts the
 * workflow with business id {@code scheduleId@fireTime}: the timer store's claims keep several
 * engines from firing one timer twice, and the idempotent start keeps a firing handled twice (a
 * claim that expired) from starting two sagas. Firings missed while no engine ran collapse into
 * the next one.
 */
public final class SagaScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(SagaScheduler.class);
  private static final Codec CODEC = Codec.json();
  private static final Pattern SCHEDULE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

  /** What a SCHEDULED timer carries. */
  record Tick(String scheduleId, long generation, Instant fireAt) {}

  private final SagaRuntime runtime;
  private final SagaClient client;
  private final ScheduleBook book;

  public SagaScheduler(SagaRuntime runtime, SagaClient client, EventStore store) {
    this.runtime = runtime;
    this.client = client;
    this.book = new ScheduleBook(store);
  }

  /**
   * Creates schedule {@code scheduleId}, or replaces it if it exists with other settings (its
   * pending firing is cancelled); scheduling it again with the same settings changes nothing.
   */
  public SagaSchedule schedule(String scheduleId, String cron, String workflowType, Object input) {
    requireId(scheduleId);
    CronSchedule parsed = CronSchedule.parse(cron);
    JsonNode tree = WorkflowRegistry.checkedInput(runtime.workflows().require(workflowType), input, "Input");
    ScheduleBook.Put put = book.put(scheduleId, cron, workflowType, tree);
    if (put.written() && put.replaced() != null) {
      stopTimers(scheduleId);
    }
    arm(put.entry(), parsed, runtime.clock().instant());
    return view(put.entry(), parsed);
  }

  /** Removes schedule {@code scheduleId} and cancels its pending firing; false if it did not exist. */
  public boolean unschedule(String scheduleId) {
    requireId(scheduleId);
    boolean removed = book.remove(scheduleId);
    stopTimers(scheduleId);
    return removed;
  }

  /** The schedules in force. */
  public List<SagaSchedule> schedules() {
    return book.active().values().stream().map(e -> view(e, CronSchedule.parse(e.cron()))).toList();
  }

  /**
   * Fires a SCHEDULED timer: arms the next firing, then starts the workflow idempotently. A saga
   * that already has this firing's id is this firing's saga, even if it was started with an input
   * the schedule no longer has (see {@link SagaClient#startFiring}).
   */
  public void fire(Timer timer) {
    Tick tick = SagaRuntime.decode(timer.payload(), Tick.class);
    ScheduleBook.Entry entry = book.get(tick.scheduleId()).orElse(null);
    if (entry == null || entry.generation() != tick.generation()) {
      LOG.debug("Schedule {} generation {} is no longer in force; timer {} does nothing",
          tick.scheduleId(), tick.generation(), timer.id());
      return;
    }
    Instant now = runtime.clock().instant();
    arm(entry, CronSchedule.parse(entry.cron()), tick.fireAt().isAfter(now) ? tick.fireAt() : now);
    String sagaId = SagaSchedule.sagaIdOf(entry.scheduleId(), tick.fireAt());
    client.startFiring(entry.workflowType(), entry.input(), sagaId);
  }

  /**
   * Makes sure every schedule in force has its next firing armed (a timer store that lost it, or
   * a firing that failed before arming the next); returns how many schedules are in force.
   */
  public int rearmAll() {
    Instant now = runtime.clock().instant();
    var active = book.active().values();
    for (ScheduleBook.Entry entry : active) {
      arm(entry, CronSchedule.parse(entry.cron()), now);
    }
    return active.size();
  }

  private void arm(ScheduleBook.Entry entry, CronSchedule cron, Instant after) {
    cron.nextAfter(after).ifPresent(at -> runtime.timers().create(new NewTimer(
        "schedule/" + entry.scheduleId() + "/" + entry.generation() + "/" + at.getEpochSecond(),
        owner(entry.scheduleId()), TimerType.SCHEDULED, at,
        CODEC.encode(new Tick(entry.scheduleId(), entry.generation(), at)))));
  }

  private void stopTimers(String scheduleId) {
    for (Timer timer : runtime.timers().listByOwner(owner(scheduleId))) {
      if (timer.status() == TimerStatus.PENDING) {
        runtime.timers().cancel(timer.id());
      }
    }
  }

  private SagaSchedule view(ScheduleBook.Entry entry, CronSchedule cron) {
    return new SagaSchedule(entry.scheduleId(), entry.cron(), entry.workflowType(), entry.input(),
        cron.nextAfter(runtime.clock().instant()));
  }

  private static String owner(String scheduleId) {
    return "schedule/" + scheduleId;
  }

  private static void requireId(String scheduleId) {
    if (scheduleId == null || !SCHEDULE_ID.matcher(scheduleId).matches()) {
      throw OperonException.invalid("scheduleId must be 1-100 letters, digits or . _ : -, was '" + scheduleId + "'");
    }
  }

}
