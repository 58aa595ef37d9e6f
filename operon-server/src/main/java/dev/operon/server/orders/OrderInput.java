package dev.operon.server.orders;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One order, with the faults the demo injects into it. The workflow reads only the durations;
 * the activities read the fate and the flaky step, so the same input always takes the same path.
 *
 * @param orderId the order's id, also the saga's business id
 * @param amountCents the amount charged
 * @param fate what the services will do with it
 * @param flakyStep a step whose first attempt fails with a transient error ("" for none)
 * @param sleepMillis the durable pause between payment and approval
 * @param approvalTimeoutMillis how long the saga waits for the approval signal
 * @param hangMillis how long the first attempt of its reservation hangs before it goes on (0: it does not)
 */
public record OrderInput(
    @JsonProperty("orderId") String orderId,
    @JsonProperty("amountCents") long amountCents,
    @JsonProperty("fate") Fate fate,
    @JsonProperty("flakyStep") String flakyStep,
    @JsonProperty("sleepMillis") long sleepMillis,
    @JsonProperty("approvalTimeoutMillis") long approvalTimeoutMillis,
    @JsonProperty("hangMillis") long hangMillis) {

  /** An order whose steps do not hang. */
  public OrderInput(String orderId, long amountCents, Fate fate, String flakyStep, long sleepMillis,
      long approvalTimeoutMillis) {
    this(orderId, amountCents, fate, flakyStep, sleepMillis, approvalTimeoutMillis, 0);
  }

  /** This order with its reservation's first attempt hanging for {@code millis}. */
  public OrderInput withHang(long millis) {
    return new OrderInput(orderId, amountCents, fate, flakyStep, sleepMillis, approvalTimeoutMillis, millis);
  }
}
