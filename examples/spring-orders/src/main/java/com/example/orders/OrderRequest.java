package com.example.orders;

/** An order: {@code quantity} items of {@code sku}, paid {@code amountCents} by card. */
public record OrderRequest(String orderId, String sku, int quantity, long amountCents) {}
