package dev.operon.server.demo;

import java.util.List;

/** The little order domain the demo writes: events of an order's life and its folded state. */
final class OrderEvents {
  private OrderEvents() {}

  record OrderPlaced(String orderId, String customer, long amountCents, List<String> items) {}

  record PaymentCaptured(String orderId, String transactionId, long amountCents) {}

  record OrderShipped(String orderId, String carrier, String trackingNo) {}

  record OrderCancelled(String orderId, String reason) {}

  /** An order folded from its events, as a snapshot stores it. */
  record OrderState(String orderId, String status, long amountCents, long eventsApplied) {
    static OrderState empty(String orderId) {
      return new OrderState(orderId, "NEW", 0, 0);
    }

    OrderState apply(String eventType, java.util.Map<?, ?> payload) {
      return switch (eventType) {
        case "OrderPlaced" -> new OrderState(orderId, "PLACED",
            ((Number) payload.get("amountCents")).longValue(), eventsApplied + 1);
        case "PaymentCaptured" -> new OrderState(orderId, "PAID", amountCents, eventsApplied + 1);
        case "OrderShipped" -> new OrderState(orderId, "SHIPPED", amountCents, eventsApplied + 1);
        case "OrderCancelled" -> new OrderState(orderId, "CANCELLED", amountCents, eventsApplied + 1);
        default -> new OrderState(orderId, status, amountCents, eventsApplied + 1);
      };
    }
  }
}
