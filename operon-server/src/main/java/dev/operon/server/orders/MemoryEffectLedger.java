package dev.operon.server.orders;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** The ledger of a {@code memory:} store: a map in this process. */
final class MemoryEffectLedger implements EffectLedger {
  private record Effect(String orderId, String step, String result, int replays) {}

  private final Map<String, Effect> byKey = new ConcurrentHashMap<>();

  @Override
  public String apply(String idempotencyKey, String orderId, String step, Supplier<String> result) {
    return byKey.compute(idempotencyKey, (key, old) -> old == null
        ? new Effect(orderId, step, result.get(), 0)
        : new Effect(old.orderId(), old.step(), old.result(), old.replays() + 1)).result();
  }

  @Override
  public LedgerCounts counts(String orderIdPrefix) {
    var effects = byKey.values().stream().filter(e -> e.orderId().startsWith(orderIdPrefix)).toList();
    long distinct = effects.stream().map(e -> e.orderId() + "/" + e.step()).distinct().count();
    long absorbed = effects.stream().mapToLong(Effect::replays).sum();
    return new LedgerCounts(effects.size(), absorbed, effects.size() - distinct);
  }

  @Override
  public void close() {
    byKey.clear();
  }
}
