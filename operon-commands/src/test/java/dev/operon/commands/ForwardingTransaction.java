package dev.operon.commands;

import dev.operon.jdbc.OpenTransaction;
import java.sql.Connection;
import java.sql.SQLException;

/** A transaction that forwards to a real one; a test overrides {@link #commit} to break or hold it. */
class ForwardingTransaction implements OpenTransaction {
  protected final OpenTransaction real;

  ForwardingTransaction(OpenTransaction real) {
    this.real = real;
  }

  @Override
  public Connection connection() {
    return real.connection();
  }

  @Override
  public void commit() throws SQLException {
    real.commit();
  }

  @Override
  public void rollback() {
    real.rollback();
  }

  @Override
  public boolean ended() {
    return real.ended();
  }
}
