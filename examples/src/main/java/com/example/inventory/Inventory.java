package com.example.inventory;

import dev.operon.commands.Computed;

/** The queries of the inventory: their results are kept until a command changes what they read. */
public interface Inventory {
  @Computed
  int stock(String sku);
}
