package com.example.orders;

import dev.operon.commands.Command;

/**
 * Adds {@code delta} (negative to take away) to the stock of {@code sku}, once per
 * {@code requestId}: a request made again (an activity retried) changes nothing. Returns the new stock.
 */
public record AdjustStock(String sku, int delta, String requestId) implements Command<Integer> {}
