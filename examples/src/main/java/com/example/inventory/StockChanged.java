package com.example.inventory;

/** What the event log carries after a stock change, for whoever must hear of it. */
public record StockChanged(String sku, int stock) {}
