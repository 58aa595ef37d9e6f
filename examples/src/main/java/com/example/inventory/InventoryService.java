package com.example.inventory;

import dev.operon.commands.CommandContext;
import dev.operon.commands.HandlesCommand;
import dev.operon.commands.Invalidation;
import dev.operon.commands.jdbc.OperationDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The inventory: a query whose result each host keeps ({@link Inventory#stock}), and the command
 * that changes the stock. In invalidation mode, which runs on every host once the command has
 * committed, the handler calls the query it affects: that invalidates the kept result instead of
 * computing it.
 */
public final class InventoryService implements Inventory {
  private final DataSource database;
  private final String table;
  private final AtomicInteger computations = new AtomicInteger();
  private Inventory cached = this;

  public InventoryService(DataSource database, String table) {
    this.database = database;
    this.table = table;
  }

  /** Routes the handler's calls through {@code cached}, the kept view of this service. */
  void cachedBy(Inventory cached) {
    this.cached = cached;
  }

  @Override
  public int stock(String sku) {
    computations.incrementAndGet();
    try (Connection c = database.getConnection();
        PreparedStatement st = c.prepareStatement("SELECT quantity FROM " + table + " WHERE sku = ?")) {
      st.setString(1, sku);
      try (ResultSet rows = st.executeQuery()) {
        return rows.next() ? rows.getInt(1) : 0;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read the stock of " + sku, e);
    }
  }

  @HandlesCommand
  public Integer adjust(AdjustStock command, CommandContext context) throws SQLException {
    if (Invalidation.isActive()) {
      cached.stock(command.sku());
      return null;
    }
    Connection db = OperationDb.connection(context);
    try (PreparedStatement st = db.prepareStatement("INSERT INTO " + table + " (sku, quantity) VALUES (?, ?)"
        + " ON CONFLICT (sku) DO UPDATE SET quantity = " + table + ".quantity + excluded.quantity")) {
      st.setString(1, command.sku());
      st.setInt(2, command.delta());
      st.executeUpdate();
    }
    int stock;
    try (PreparedStatement st = db.prepareStatement("SELECT quantity FROM " + table + " WHERE sku = ?")) {
      st.setString(1, command.sku());
      try (ResultSet rows = st.executeQuery()) {
        rows.next();
        stock = rows.getInt(1);
      }
    }
    context.operation().addEvent(new StockChanged(command.sku(), stock));
    return stock;
  }

  /** How many times this host computed a stock (a kept result is not computed again). */
  public int computations() {
    return computations.get();
  }
}
