package com.example.orders;

/** Items of an order taken from the stock, to be given back if the order fails. */
public record Reservation(String orderId, String sku, int quantity) {}
