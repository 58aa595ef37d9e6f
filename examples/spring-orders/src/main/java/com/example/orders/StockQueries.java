package com.example.orders;

import dev.operon.commands.Computed;

/** The stock queries, whose results are kept until a command changes what they read. */
public interface StockQueries {
  @Computed
  int available(String sku);
}
