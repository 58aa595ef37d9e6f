package dev.operon.server.demo;

import dev.operon.notify.ChangeNotifier;
import dev.operon.notify.Subscription;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Subscribes to a channel, notifies it, and measures how long the wake-up takes. */
final class NotifierTour {
  private static final int BURST = 100;

  private final ChangeNotifier notifier;
  private final Narrator narrator;
  private final String channel;

  NotifierTour(ChangeNotifier notifier, Narrator narrator, String runId) {
    this.notifier = notifier;
    this.narrator = narrator;
    this.channel = "orders-" + runId;
  }

  void run() throws InterruptedException {
    narrator.section("Change notifier: wake up readers when something changed");
    narrator.say("Readers poll anyway; a notification only makes them look sooner.");
    CountDownLatch first = new CountDownLatch(1);
    AtomicInteger wakeUps = new AtomicInteger();
    AtomicLong firstAt = new AtomicLong();
    Subscription subscription = notifier.subscribe(channel, () -> {
      if (wakeUps.incrementAndGet() == 1) {
        firstAt.set(System.nanoTime());
        first.countDown();
      }
    });
    try {
      long sentAt = System.nanoTime();
      notifier.notify(channel);
      if (!first.await(15, TimeUnit.SECONDS)) {
        narrator.say("no wake-up within 15 s on channel %s", channel);
        narrator.figure("notifier: NO wake-up within 15 s");
        return;
      }
      double latencyMillis = (firstAt.get() - sentAt) / 1_000_000.0;
      narrator.say("notify(%s) -> the subscriber woke up after %.2f ms", channel, latencyMillis);
      burst(wakeUps);
      narrator.figure("notifier: wake-up latency %.2f ms", latencyMillis);
    } finally {
      subscription.close();
    }
  }

  private void burst(AtomicInteger wakeUps) throws InterruptedException {
    int before = wakeUps.get();
    for (int i = 0; i < BURST; i++) {
      notifier.notify(channel);
    }
    Thread.sleep(500);
    narrator.say("%d notifications in a burst -> %d wake-up(s) within 0.5 s"
        + " (notifiers may coalesce them; the reader re-reads its source either way)",
        BURST, wakeUps.get() - before);
  }
}
