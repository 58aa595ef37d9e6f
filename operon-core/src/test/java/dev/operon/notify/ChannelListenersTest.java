package dev.operon.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChannelListenersTest {
  private final ChannelListeners listeners = new ChannelListeners("test-listeners");
  private final List<String> edges = new ArrayList<>();

  @AfterEach
  void close() {
    listeners.close();
  }

  @Test
  void aRemoteNotifierListensOnTheBrokerFromTheFirstListenerToTheLast() {
    Subscription a = listeners.subscribe("orders", () -> {}, () -> edges.add("first"), () -> edges.add("empty"));
    Subscription b = listeners.subscribe("orders", () -> {}, () -> edges.add("first"), () -> edges.add("empty"));
    assertThat(edges).containsExactly("first");

    a.close();
    assertThat(edges).containsExactly("first");
    b.close();
    b.close();
    assertThat(edges).containsExactly("first", "empty");
    assertThat(listeners.channels()).isEmpty();
  }

  @Test
  void aBrokerThatRefusesTheFirstSubscriptionLeavesNoListener() {
    assertThatThrownBy(() -> listeners.subscribe("orders", () -> {}, () -> {
      throw new IllegalStateException("broker did not confirm");
    }, () -> edges.add("empty"))).hasMessage("broker did not confirm");

    assertThat(listeners.channels()).isEmpty();
    listeners.subscribe("orders", () -> {}, () -> edges.add("first"), () -> {});
    assertThat(edges).containsExactly("first");
  }

  @Test
  void aListenerThatThrowsStaysSubscribedAndTheOthersAreWoken() throws InterruptedException {
    CountDownLatch woken = new CountDownLatch(2);
    listeners.subscribe("orders", () -> {
      woken.countDown();
      throw new IllegalStateException("listener bug");
    }, () -> {});
    listeners.subscribe("orders", woken::countDown, () -> {});

    listeners.wake("orders");
    assertThat(woken.await(10, TimeUnit.SECONDS)).isTrue();

    CountDownLatch again = new CountDownLatch(1);
    listeners.subscribe("orders", again::countDown, () -> {});
    listeners.wake("orders");
    assertThat(again.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(listeners.channels()).containsExactly("orders");
  }
}
