package com.example.orders;

import dev.operon.saga.SagaDescription;
import dev.operon.saga.SagaEngine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The service's REST API: orders (sagas), deliveries and the stock. */
@RestController
public class OrdersController {
  private final SagaEngine sagas;
  private final Warehouse warehouse;
  private final StockQueries stock;
  private final StockNotifications notifications;

  OrdersController(SagaEngine sagas, Warehouse warehouse, StockQueries stock, StockNotifications notifications) {
    this.sagas = sagas;
    this.warehouse = warehouse;
    this.stock = stock;
    this.notifications = notifications;
  }

  /** Starts the order's saga (once per order id) and answers at once with its id. */
  @PostMapping("/orders")
  public ResponseEntity<Map<String, String>> order(@RequestBody OrderRequest order) {
    String sagaId = sagas.start(OrderWorkflow.class, order, order.orderId()).id();
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("sagaId", sagaId));
  }

  /** Where an order's saga is: its state, and why it failed. */
  @GetMapping("/orders/{sagaId}")
  public Map<String, Object> order(@PathVariable("sagaId") String sagaId) {
    SagaDescription saga = sagas.describe(sagaId);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("sagaId", saga.sagaId());
    answer.put("state", saga.state().name());
    saga.failure().ifPresent(failure -> answer.put("failure", failure.message()));
    return answer;
  }

  public record Delivery(String deliveryId, int quantity, String supplier) {}

  /** Records a delivery of {@code sku} and adds it to the stock, in one transaction. */
  @PostMapping("/stock/{sku}/deliveries")
  public ResponseEntity<Map<String, Object>> deliver(@PathVariable("sku") String sku, @RequestBody Delivery delivery) {
    int available = warehouse.receive(delivery.deliveryId(), sku, delivery.quantity(), delivery.supplier());
    return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("sku", sku, "available", available));
  }

  /** The stock of {@code sku}, kept until a command changes it. */
  @GetMapping("/stock/{sku}")
  public Map<String, Object> stock(@PathVariable("sku") String sku) {
    return Map.of("sku", sku, "available", stock.available(sku));
  }

  /** The stock events processed so far. */
  @GetMapping("/stock-events")
  public List<StockChanged> stockEvents() {
    return notifications.sent();
  }

  @ExceptionHandler(Warehouse.DeliveryRefused.class)
  ResponseEntity<Map<String, String>> refused(Warehouse.DeliveryRefused e) {
    return ResponseEntity.unprocessableContent().body(Map.of("error", e.getMessage()));
  }
}
