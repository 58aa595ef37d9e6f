package com.example.orders;

import dev.operon.commands.Commander;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deliveries into the warehouse: the delivery row (the service's own write, with Spring's
 * JdbcTemplate) and the stock command (its change, operation and outbox event) in one transaction.
 */
@Service
public class Warehouse {
  /** The most a delivery may bring. */
  static final int LARGEST_DELIVERY = 1_000;

  private final JdbcTemplate jdbc;
  private final Commander commander;

  Warehouse(JdbcTemplate jdbc, Commander commander) {
    this.jdbc = jdbc;
    this.commander = commander;
  }

  /**
   * Records delivery {@code deliveryId} and adds it to the stock; returns the new stock. A delivery
   * over {@link #LARGEST_DELIVERY} is refused after both writes, so that all of it rolls back: the
   * delivery row, the stock change, its operation and its outbox event.
   */
  @Transactional
  public int receive(String deliveryId, String sku, int quantity, String supplier) {
    jdbc.update("INSERT INTO deliveries (id, sku, quantity, supplier) VALUES (?, ?, ?, ?)", deliveryId, sku, quantity,
        supplier);
    int available = commander.call(new AdjustStock(sku, quantity, "delivery/" + deliveryId));
    if (quantity > LARGEST_DELIVERY) {
      throw new DeliveryRefused("A delivery brings at most " + LARGEST_DELIVERY + " items; " + deliveryId + " brings "
          + quantity);
    }
    return available;
  }

  /** How many deliveries are recorded. */
  public int deliveries() {
    return jdbc.queryForObject("SELECT count(*) FROM deliveries", Integer.class);
  }

  /** A delivery the warehouse does not take. */
  public static final class DeliveryRefused extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    DeliveryRefused(String message) {
      super(message);
    }
  }
}
