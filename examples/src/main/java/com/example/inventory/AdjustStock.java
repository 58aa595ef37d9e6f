package com.example.inventory;

import dev.operon.commands.Command;

/** Adds {@code delta} (negative to take away) to the stock of {@code sku}; returns the new stock. */
public record AdjustStock(String sku, int delta) implements Command<Integer> {}
