package dev.operon.server.orders;

import dev.operon.server.orders.jdbc.JdbcEffectLedger;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendUrl;
import java.util.function.Supplier;

/**
 * Where the demo's services keep the effects they applied: one row per idempotency key, in the
 * same database as the saga store. It is how the services, not the engine, notice a step that ran
 * twice.
 */
public interface EffectLedger extends AutoCloseable {

  /**
   * Applies the effect of {@code step} for {@code orderId} under {@code idempotencyKey} and returns
   * its result: {@code result} the first time; the stored result, counted as an absorbed
   * re-execution, every later time under the same key.
   */
  String apply(String idempotencyKey, String orderId, String step, Supplier<String> result);

  /** What the ledger holds for the orders whose id starts with {@code orderIdPrefix}. */
  LedgerCounts counts(String orderIdPrefix);

  @Override
  void close();

  /** The ledger of the store at {@code storeUrl}: a table in its database, a map for {@code memory:}. */
  public static EffectLedger open(String storeUrl, BackendOptions options) {
    return BackendUrl.parse(storeUrl).scheme().equals("memory")
        ? new MemoryEffectLedger() : JdbcEffectLedger.open(storeUrl.trim(), options);
  }

  /**
   * @param effects effects applied (rows)
   * @param absorbed re-executions that found their key and returned the stored result
   * @param duplicates effects (order id and step) applied again under another key: the step ran twice
   */
  record LedgerCounts(long effects, long absorbed, long duplicates) {}
}
