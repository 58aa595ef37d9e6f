package com.example.inventory;

import dev.operon.commands.Commander;
import dev.operon.commands.ComputedValues;
import dev.operon.jdbc.JdbcDatabase;
import dev.operon.notify.ChangeNotifier;
import dev.operon.spi.Backend;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;

/**
 * One host of the inventory service: its commander on the shared database, its kept query results,
 * and what it does with the events of the event log. Start as many as you like on one database;
 * a stock change on any of them invalidates the kept stock on all of them.
 */
public final class InventoryHost implements AutoCloseable {
  private final InventoryService service;
  private final Inventory inventory;
  private final Commander commander;

  public InventoryHost(String hostId, Backend store, ChangeNotifier notifier, Consumer<StockChanged> onStockChanged) {
    this(hostId, store, notifier, onStockChanged, "inventory");
  }

  /** A host whose stock lives in table {@code table} (a benchmark keeps its tables apart). */
  public InventoryHost(String hostId, Backend store, ChangeNotifier notifier, Consumer<StockChanged> onStockChanged,
      String table) {
    JdbcDatabase database = JdbcDatabase.of(store).orElseThrow(
        () -> new IllegalArgumentException("The inventory keeps its stock in SQLite or PostgreSQL"));
    createTable(database, table);
    ComputedValues kept = ComputedValues.create(10_000);
    this.service = new InventoryService(database.dataSource(), table);
    this.inventory = kept.proxy(Inventory.class, service);
    service.cachedBy(inventory);
    this.commander = Commander.builder()
        .backend(store)
        .notifier(notifier)
        .hostId(hostId)
        .computedValues(kept)
        .service(service)
        .onEvent(StockChanged.class, onStockChanged::accept)
        .build();
  }

  private static void createTable(JdbcDatabase database, String table) {
    try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS " + table + " (sku TEXT PRIMARY KEY, quantity INTEGER NOT NULL)");
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create the inventory table", e);
    }
  }

  /** The stock of {@code sku}, kept until a stock change on any host invalidates it. */
  public int stock(String sku) {
    return inventory.stock(sku);
  }

  /** Changes the stock of {@code sku}; returns the new stock. */
  public int adjust(String sku, int delta) {
    return commander.call(new AdjustStock(sku, delta));
  }

  /** How many times this host read a stock from the database. */
  public int computations() {
    return service.computations();
  }

  @Override
  public void close() {
    commander.close();
  }
}
