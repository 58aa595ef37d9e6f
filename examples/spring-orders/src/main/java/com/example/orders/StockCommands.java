package com.example.orders;

import dev.operon.commands.CommandContext;
import dev.operon.commands.HandlesCommand;
import dev.operon.commands.Invalidation;
import dev.operon.commands.jdbc.OperationDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.springframework.stereotype.Component;

/**
 * Handles the stock commands. The writes go on the operation's connection: inside a
 * {@code @Transactional} method that is the method's own transaction, so the change, the
 * operation and its event commit together. In invalidation mode (on every host, once the change has
 * committed) the handler calls the query it affects, which drops the kept result.
 */
@Component
public class StockCommands {
  private final StockQueries queries;

  StockCommands(StockQueries queries) {
    this.queries = queries;
  }

  @HandlesCommand
  public Integer adjust(AdjustStock command, CommandContext context) throws SQLException {
    if (Invalidation.isActive()) {
      queries.available(command.sku());
      return null;
    }
    Connection db = OperationDb.connection(context);
    boolean first;
    try (PreparedStatement st = db.prepareStatement("INSERT INTO stock_moves (request_id, sku, delta) VALUES (?, ?, ?)"
        + " ON CONFLICT (request_id) DO NOTHING")) {
      st.setString(1, command.requestId());
      st.setString(2, command.sku());
      st.setInt(3, command.delta());
      first = st.executeUpdate() == 1;
    }
    if (first) {
      try (PreparedStatement st = db.prepareStatement("INSERT INTO stock (sku, quantity) VALUES (?, ?)"
          + " ON CONFLICT (sku) DO UPDATE SET quantity = stock.quantity + excluded.quantity")) {
        st.setString(1, command.sku());
        st.setInt(2, command.delta());
        st.executeUpdate();
      }
    }
    int available = available(db, command.sku());
    if (available < 0) {
      throw new OutOfStock(command.sku(), available - command.delta(), -command.delta());
    }
    if (first) {
      context.operation().addEvent(new StockChanged(command.sku(), command.delta(), available));
    }
    return available;
  }

  private static int available(Connection db, String sku) throws SQLException {
    try (PreparedStatement st = db.prepareStatement("SELECT quantity FROM stock WHERE sku = ?")) {
      st.setString(1, sku);
      try (ResultSet rows = st.executeQuery()) {
        return rows.next() ? rows.getInt(1) : 0;
      }
    }
  }

  /** Fewer items in stock than a request takes. */
  public static final class OutOfStock extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    OutOfStock(String sku, int available, int wanted) {
      super("Only " + available + " of " + sku + " in stock, " + wanted + " wanted");
    }
  }
}
