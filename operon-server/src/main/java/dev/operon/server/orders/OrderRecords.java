package dev.operon.server.orders;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The values the order saga's steps pass along. */
public final class OrderRecords {
  private OrderRecords() {}

  /** Stock held for an order; the input of its release. */
  public record Reservation(@JsonProperty("orderId") String orderId, @JsonProperty("id") String id) {}

  /** A charge made for an order; the input of its refund. */
  public record Payment(@JsonProperty("orderId") String orderId, @JsonProperty("txnId") String txnId) {}

  /** A parcel on its way. */
  public record Shipment(@JsonProperty("orderId") String orderId, @JsonProperty("trackingNo") String trackingNo) {}

  /** The approval signal's payload. */
  public record Approval(@JsonProperty("approver") String approver) {}

  /** What a shipped order's saga returns. */
  public record OrderResult(
      @JsonProperty("reservation") String reservation,
      @JsonProperty("txnId") String txnId,
      @JsonProperty("trackingNo") String trackingNo) {}
}
