package com.example.orders;

/** The outbox event of a stock change: processed once its transaction has committed. */
public record StockChanged(String sku, int delta, int available) {}
