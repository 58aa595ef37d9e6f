package dev.operon.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.notify.ChangeNotifier;
import dev.operon.notify.Subscription;
import dev.operon.spi.BackendOptions;
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
 */
public abstract class ChangeNotifierContract extends ContractSuite {

  /** Opens the adapter under test with {@code options}; two calls with the same prefix share a backend. */
  protected abstract ChangeNotifier open(BackendOptions options);

  /** The notifier of host {@code hostId} for this test. */
  protected ChangeNotifier host(String hostId) {
    return closeAfterTest(open(baseOptions().withHostId(hostId)));
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
  }

  @Test
  void subscriberOnAnotherHostIsWoken() {
    ChangeNotifier a = host("host-a");
    ChangeNotifier b = host("host-b");
    Counter onB = new Counter();
    b.subscribe("orders", onB);
    a.notify("orders");
    onB.await(1, "host-b woken by host-a's notify");
  }

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
    Counter first = new Counter();
    Counter second = new Counter();
    Counter onA = new Counter();
    b.subscribe("orders", first);
    b.subscribe("orders", second);
    a.subscribe("orders", onA);
    a.notify("orders");
    first.await(1, "first subscriber on host-b");
    second.await(1, "second subscriber on host-b");
    onA.await(1, "subscriber on host-a");
  }

  @Test
  void everyNotifyIsFollowedByAWakeUp() {
    ChangeNotifier a = host("host-a");
    ChangeNotifier b = host("host-b");
    Counter onB = new Counter();
    b.subscribe("orders", onB);
    for (int round = 1; round <= 3; round++) {
      int before = onB.count();
      a.notify("orders");
      int target = before + 1;
      onB.await(target, "wake-up after notify number " + round);
    }
  }

  @Test
  void channelsAreIsolated() {
    Assumptions.assumeTrue(capabilities().channelIsolation(), "capability channelIsolation");
    ChangeNotifier a = host("host-a");
    ChangeNotifier b = host("host-b");
    Counter orders = new Counter();
    Counter invoices = new Counter();
    b.subscribe("orders", orders);
    b.subscribe("invoices", invoices);
    a.notify("orders");
    orders.await(1, "orders subscriber");
    a.notify("orders");
    orders.await(2, "orders subscriber, second time");
    assertThat(invoices.count()).as("wake-ups of the invoices subscriber").isZero();
  }

  @Test
  void closedSubscriptionIsNotWokenAgain() {
    ChangeNotifier a = host("host-a");
    ChangeNotifier b = host("host-b");
    Counter closed = new Counter();
    Counter control = new Counter();
    Subscription subscription = b.subscribe("orders", closed);
    b.subscribe("orders", control);
    a.notify("orders");
    closed.await(1, "subscriber before closing");
    control.await(1, "control subscriber");
    subscription.close();
    a.notify("orders");
    control.await(2, "control subscriber after the close");
    int afterClose = closed.count();
    a.notify("orders");
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
    AtomicInteger calls = new AtomicInteger();
    b.subscribe("orders", () -> {
      calls.incrementAndGet();
      throw new IllegalStateException("listener failure expected by the test");
    });
    a.notify("orders");
    eventually("first call of the throwing listener", () -> calls.get() >= 1);
    int before = calls.get();
    a.notify("orders");
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
    String longName = "c".repeat(200);
    for (String channel : List.of("saga:42:events", "Mixed_Case.v-2", longName)) {
      Counter counter = new Counter();
      b.subscribe(channel, counter);
      a.notify(channel);
      counter.await(1, "subscriber of " + channel);
    }
  }

  protected static void assertValidation(ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(OperonException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION));
  }
}
