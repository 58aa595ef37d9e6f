package dev.operon.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.notify.ChangeNotifier;
import dev.operon.notify.Subscription;
import dev.operon.spi.BackendOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ChangeNotifier}: every adapter's test extends this class and implements
 * {@link #open(BackendOptions)}, which the suite calls twice per test, with host ids
 * {@code host-a} and {@code host-b} and the same table prefix, to simulate two hosts on one
 * backend. A subscription is live when {@code subscribe} returns: a notify that follows must wake it.
 *
 * <p>What a notify must do depends on {@link ChangeNotifier#pushesWakeUps()}. The wake-up tests
 * open the notifiers with a poll interval ({@link #NO_POLL}) longer than any wait of the suite, so
 * a subscriber they see woken was woken by a notify, never by a poll: a notifier whose notify did
 * nothing fails them. A pushing notifier must carry a notify to the subscribers of the other host;
 * one that does not push must wake its own host's subscribers on its own notify, and is tested for
 * what it promises instead: with a short poll interval, every subscriber on every host wakes at
 * least once per interval, notified or not.
 */
public abstract class ChangeNotifierContract extends ContractSuite {
  /** The poll interval of the wake-up tests: longer than they ever wait, so no poll wakes anyone. */
  protected static final Duration NO_POLL = Duration.ofHours(1);

  /** The poll interval of the tests of a notifier that does not push. */
  protected static final Duration POLL_PERIOD = Duration.ofMillis(100);

  /**
   * How long, on average, a notifier that does not push may take per wake-up in these tests: twice
   * its poll interval, the second for the scheduling of threads on a busy machine. Waits are in real
   * time, since such a notifier polls on a real-time scheduler, not on the injected clock.
   */
  protected static final int PERIODS_PER_WAKE_UP = 2;

  /** What a single wake-up of a polling notifier may take beyond one poll interval, for scheduling. */
  protected static final Duration SCHEDULING_SLACK = Duration.ofSeconds(1);

  /** Opens the adapter under test with {@code options}; two calls with the same prefix share a backend. */
  protected abstract ChangeNotifier open(BackendOptions options);

  /** The notifier of host {@code hostId} for this test, polling every {@link #NO_POLL} if it polls. */
  protected ChangeNotifier host(String hostId) {
    return host(hostId, NO_POLL);
  }

  /** The notifier of host {@code hostId} for this test, with poll interval {@code pollInterval}. */
  protected ChangeNotifier host(String hostId, Duration pollInterval) {
    return closeAfterTest(open(baseOptions().withHostId(hostId).withPollInterval(pollInterval)));
  }

  /**
   * The notifier whose notify must wake the subscribers of {@code receiver} at once: {@code other},
   * another host, when notifies are pushed; else the receiver itself, since a notifier that does not
   * push reaches only its own host's subscribers at once.
   */
  protected static ChangeNotifier senderTo(ChangeNotifier receiver, ChangeNotifier other) {
    return receiver.pushesWakeUps() ? other : receiver;
  }

  /** Counts wake-ups. */
  protected static final class Counter implements Runnable {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public void run() {
      count.incrementAndGet();
    }

    public int count() {
      return count.get();
    }

    /** Waits until the count reaches {@code n}, failing after the deadline. */
    public void await(int n, String what) {
      eventually(what + " (woken " + count() + " of " + n + " times)", () -> count() >= n);
    }

    /** Waits at most {@code timeout} until the count reaches {@code n}. */
    public void await(int n, String what, Duration timeout) {
      Eventually.eventually(timeout, () -> assertThat(count()).as(what).isGreaterThanOrEqualTo(n));
    }
  }

  // ---- a notifier that pushes

  @Test
  void subscriberOnAnotherHostIsWokenByAPushedNotify() {
    ChangeNotifier a = host("host-a");
    ChangeNotifier b = host("host-b");
    Assumptions.assumeTrue(b.pushesWakeUps(), "the notifier pushes wake-ups to other hosts");
    Counter onB = new Counter();
    b.subscribe("orders", onB);
    a.notify("orders");
    onB.await(1, "host-b woken by host-a's notify");
  }

  // ---- a notifier that does not push: it polls

  @Test
  void subscriberOnAnotherHostIsWokenByItsPollWithinThePeriod() {
    ChangeNotifier a = host("host-a", POLL_PERIOD);
    ChangeNotifier b = host("host-b", POLL_PERIOD);
    Assumptions.assumeFalse(b.pushesWakeUps(), "the notifier polls instead of pushing wake-ups");
    Counter onB = new Counter();
    b.subscribe("orders", onB);
    a.notify("orders");
    Duration bound = POLL_PERIOD.plus(SCHEDULING_SLACK);
    onB.await(1, "host-b woken by its poll (period " + POLL_PERIOD + ") within " + bound, bound);
  }

  @Test
  void pollingWakesEverySubscriberOncePerPeriodWithoutAnyNotify() {
    ChangeNotifier a = host("host-a", POLL_PERIOD);
    Assumptions.assumeFalse(a.pushesWakeUps(), "the notifier polls instead of pushing wake-ups");
    Counter orders = new Counter();
    Counter invoices = new Counter();
    a.subscribe("orders", orders);
    a.subscribe("invoices", invoices);
    int periods = 10;
    // a notifier that polled less often than every PERIODS_PER_WAKE_UP periods could not get there
    Duration bound = POLL_PERIOD.multipliedBy((long) periods * PERIODS_PER_WAKE_UP);
    Eventually.eventually(bound, () -> {
      assertThat(orders.count()).as("wake-ups of the orders subscriber, nobody notifying").isGreaterThanOrEqualTo(periods);
      assertThat(invoices.count()).as("wake-ups of the invoices subscriber, nobody notifying")
          .isGreaterThanOrEqualTo(periods);
    });
  }

  // ---- every notifier

  @Test
  void subscriberOnTheSameHostIsWokenByItsOwnNotify() {
    ChangeNotifier a = host("host-a");
    host("host-b");
    Counter onA = new Counter();
    a.subscribe("orders", onA);
    a.notify("orders");
    onA.await(1, "host-a woken by its own notify");
  }

  @Test
  void everySubscriberOfAChannelIsWoken() {
    ChangeNotifier a = host("host-a");
    ChangeNotifier b = host("host-b");
    ChangeNotifier sender = senderTo(b, a);
    Counter first = new Counter();
    Counter second = new Counter();
    Counter onSender = new Counter();
    b.subscribe("orders", first);
    b.subscribe("orders", second);
    sender.subscribe("orders", onSender);
    sender.notify("orders");
    first.await(1, "first subscriber on host-b");
    second.await(1, "second subscriber on host-b");
    onSender.await(1, "subscriber on the notifying host");
  }

  @Test
  void everyNotifyIsFollowedByAWakeUp() {
    ChangeNotifier a = host("host-a");
    ChangeNotifier b = host("host-b");
    ChangeNotifier sender = senderTo(b, a);
    Counter onB = new Counter();
    b.subscribe("orders", onB);
    for (int round = 1; round <= 3; round++) {
      int before = onB.count();
      sender.notify("orders");
      int target = before + 1;
      onB.await(target, "wake-up after notify number " + round);
    }
  }

  @Test
  void channelsAreIsolated() {
    Assumptions.assumeTrue(capabilities().channelIsolation(), "capability channelIsolation");
    ChangeNotifier a = host("host-a");
    ChangeNotifier b = host("host-b");
    ChangeNotifier sender = senderTo(b, a);
    Counter orders = new Counter();
    Counter invoices = new Counter();
    b.subscribe("orders", orders);
    b.subscribe("invoices", invoices);
    sender.notify("orders");
    orders.await(1, "orders subscriber");
    sender.notify("orders");
    orders.await(2, "orders subscriber, second time");
    assertThat(invoices.count()).as("wake-ups of the invoices subscriber").isZero();
  }

  @Test
  void closedSubscriptionIsNotWokenAgain() {
    ChangeNotifier a = host("host-a");
    ChangeNotifier b = host("host-b");
    ChangeNotifier sender = senderTo(b, a);
    Counter closed = new Counter();
    Counter control = new Counter();
    Subscription subscription = b.subscribe("orders", closed);
    b.subscribe("orders", control);
    sender.notify("orders");
    closed.await(1, "subscriber before closing");
    control.await(1, "control subscriber");
    subscription.close();
    sender.notify("orders");
    control.await(2, "control subscriber after the close");
    int afterClose = closed.count();
    sender.notify("orders");
    control.await(3, "control subscriber, once more");
    assertThat(closed.count()).as("wake-ups of the closed subscription").isEqualTo(afterClose);
  }

  @Test
  void closingASubscriptionTwiceIsHarmless() {
    ChangeNotifier a = host("host-a");
    Subscription subscription = a.subscribe("orders", () -> {});
    subscription.close();
    subscription.close();
  }

  @Test
  void aThrowingListenerKeepsItsSubscription() {
    ChangeNotifier a = host("host-a");
    ChangeNotifier b = host("host-b");
    ChangeNotifier sender = senderTo(b, a);
    AtomicInteger calls = new AtomicInteger();
    b.subscribe("orders", () -> {
      calls.incrementAndGet();
      throw new IllegalStateException("listener failure expected by the test");
    });
    sender.notify("orders");
    eventually("first call of the throwing listener", () -> calls.get() >= 1);
    int before = calls.get();
    sender.notify("orders");
    eventually("call after the listener threw", () -> calls.get() > before);
  }

  @Test
  void invalidChannelIsRejected() {
    ChangeNotifier a = host("host-a");
    for (String bad : List.of("", "has space", "slash/no", "x".repeat(201), "star*")) {
      assertValidation(() -> a.notify(bad));
      assertValidation(() -> a.subscribe(bad, () -> {}));
    }
    assertValidation(() -> a.notify(null));
  }

  @Test
  void validChannelNamesWork() {
    ChangeNotifier a = host("host-a");
    ChangeNotifier b = host("host-b");
    ChangeNotifier sender = senderTo(b, a);
    String longName = "c".repeat(200);
    for (String channel : List.of("saga:42:events", "Mixed_Case.v-2", longName)) {
      Counter counter = new Counter();
      b.subscribe(channel, counter);
      sender.notify(channel);
      counter.await(1, "subscriber of " + channel);
    }
  }

  protected static void assertValidation(ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(OperonException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION));
  }
}
