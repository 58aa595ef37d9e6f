package dev.operon.server.orders;

import dev.operon.server.orders.DemoSettings.FateRates;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The orders of one run: each fault given to its share of the orders (rounded, at least one order
 * per fault in runs of 20 or more, so that every outcome shows), shuffled by the seed.
 */
public final class OrderPlan {
  private static final List<String> STEPS = List.of("reserve", "charge", "ship");

  private OrderPlan() {}

  /** The inputs of run {@code runId}'s orders, ids {@code o-<runId>-<n>}. */
  public static List<OrderInput> orders(String runId, DemoSettings settings) {
    int n = settings.sagas();
    FateRates rates = settings.rates();
    List<Fate> fates = new ArrayList<>(n);
    add(fates, Fate.OUT_OF_STOCK, rates.outOfStock(), n);
    add(fates, Fate.DECLINED, rates.declined(), n);
    add(fates, Fate.NOT_APPROVED, rates.notApproved(), n);
    add(fates, Fate.UNDELIVERABLE, rates.undeliverable(), n);
    add(fates, Fate.CANCELLED, rates.cancelled(), n);
    while (fates.size() < n) {
      fates.add(Fate.SHIPPED);
    }
    Random random = new Random(settings.seed());
    Collections.shuffle(fates, random);
    int flaky = share(rates.flaky(), n);
    List<OrderInput> orders = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String flakyStep = i < flaky ? STEPS.get(random.nextInt(STEPS.size())) : "";
      orders.add(new OrderInput("o-" + runId + "-" + (i + 1), 500 + random.nextInt(50_000), fates.get(i),
          flakyStep, settings.sleep().toMillis(), settings.approvalTimeout().toMillis()));
    }
    return orders;
  }

  /** The id prefix of run {@code runId}'s orders. */
  public static String idPrefix(String runId) {
    return "o-" + runId + "-";
  }

  private static void add(List<Fate> fates, Fate fate, double rate, int n) {
    int count = Math.min(share(rate, n), n - fates.size());
    for (int i = 0; i < count; i++) {
      fates.add(fate);
    }
  }

  private static int share(double rate, int n) {
    int count = (int) Math.round(rate * n);
    return rate > 0 && count == 0 && n >= 20 ? 1 : count;
  }
}
