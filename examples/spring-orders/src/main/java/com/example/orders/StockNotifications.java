package com.example.orders;

import dev.operon.commands.EventHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/**
 * Processes the outbox's stock events (where a real service would mail the buyers or update a
 * search index): each event once its transaction has committed, never one that rolled back.
 */
@Component
public class StockNotifications implements EventHandler<StockChanged> {
  private final List<StockChanged> sent = new CopyOnWriteArrayList<>();

  @Override
  public void handle(StockChanged event) {
    sent.add(event);
  }

  /** The events processed so far, oldest first. */
  public List<StockChanged> sent() {
    return List.copyOf(sent);
  }
}
