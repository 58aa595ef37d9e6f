package dev.operon.spring.jdbc;

import dev.operon.jdbc.CallerTransactions;
import java.sql.Connection;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Spring's transactions on the application's DataSource, as Operon joins them: a
 * {@code @Transactional} method (or a TransactionTemplate) holding a connection of that
 * DataSource on the current thread is the caller's transaction, and Operon's after-commit work is
 * a transaction synchronization's {@code afterCommit}.
 */
final class SpringTransactions implements CallerTransactions {
  private final DataSource dataSource;

  SpringTransactions(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public CallerTransaction current() {
    if (!TransactionSynchronizationManager.isActualTransactionActive()
        || !TransactionSynchronizationManager.isSynchronizationActive()
        || !(TransactionSynchronizationManager.getResource(dataSource) instanceof ConnectionHolder holder)
        || !holder.isSynchronizedWithTransaction()) {
      return null;
    }
    Connection connection = holder.getConnection();
    return new CallerTransaction() {
      @Override
      public Connection connection() {
        return connection;
      }

      @Override
      public void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            action.run();
          }
        });
      }
    };
  }
}
