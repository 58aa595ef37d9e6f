package dev.operon.jdbc.internal;

import dev.operon.jdbc.dialect.Dialect;
import dev.operon.spi.BackendOptions;

/** What every port made from one database shares. */
public record DatabaseContext(Transactions transactions, Tables tables, BackendOptions options, QueueSignals signals) {

  public Dialect dialect() {
    return transactions.dialect();
  }
}
