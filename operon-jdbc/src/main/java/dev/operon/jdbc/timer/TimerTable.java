package dev.operon.jdbc.timer;

import dev.operon.jdbc.dialect.Dialect;
import dev.operon.jdbc.internal.EpochNanos;
import dev.operon.jdbc.internal.Statements;
import dev.operon.jdbc.internal.Tables;
import dev.operon.timer.NewTimer;
import dev.operon.timer.Timer;
import dev.operon.timer.TimerClaim;
import dev.operon.timer.TimerStatus;
import dev.operon.timer.TimerType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The statements on the timers table. A claim is one statement:
 * {@code UPDATE ... WHERE <the first due timers, skipping locked ones> RETURNING ...}
 * ({@link Dialect#claimedRows}, which never reads the whole table), so concurrent schedulers never
 * claim the same timer. Finishing or releasing a
 * timer matches its claim (scheduler and attempt) in the {@code WHERE}, so a claim that no longer
 * holds changes no row.
 */
final class TimerTable {
  private static final String COLUMNS = "id, owner, type, fire_at_ns, payload, status, claimed_by, claimed_at_ns,"
      + " attempts, created_at_ns, error";

  private final String insertSql;
  private final String getSql;
  private final String byOwnerSql;
  private final String claimSql;
  private final String moveSql;
  private final String finishSql;
  private final String releaseSql;
  private final String nextDueSql;
  private final String rescheduleSql;
  private final String rescheduleIfDueSql;
  private final Statements statements;

  TimerTable(Tables tables, Statements statements, Dialect dialect) {
    this.statements = statements;
    this.insertSql = tables.sql("INSERT INTO {p}timers (id, owner, type, fire_at_ns, payload, status, attempts,"
        + " created_at_ns) VALUES (?, ?, ?, ?, ?, 'PENDING', 0, ?) ON CONFLICT (id) DO NOTHING");
    this.getSql = tables.sql("SELECT " + COLUMNS + " FROM {p}timers WHERE id = ?");
    this.byOwnerSql = tables.sql("SELECT " + COLUMNS + " FROM {p}timers WHERE owner = ? ORDER BY fire_at_ns, id");
    this.claimSql = tables.sql("UPDATE {p}timers SET status = 'PROCESSING', claimed_by = ?, claimed_at_ns = ?,"
        + " attempts = attempts + 1 WHERE " + dialect.claimedRows("{p}timers",
            "WHERE (status = 'PENDING' AND fire_at_ns <= ?) OR (status = 'PROCESSING' AND claimed_at_ns <= ?)"
            + " ORDER BY fire_at_ns, id LIMIT ?") + " RETURNING " + COLUMNS);
    this.moveSql = tables.sql("UPDATE {p}timers SET status = ?, error = ?, claimed_by = NULL, claimed_at_ns = NULL"
        + " WHERE id = ? AND status = ?");
    String heldClaim = " WHERE id = ? AND status = 'PROCESSING' AND claimed_by = ? AND attempts = ?";
    this.finishSql = tables.sql("UPDATE {p}timers SET status = ?, error = ?, claimed_by = NULL, claimed_at_ns = NULL"
        + heldClaim);
    this.releaseSql = tables.sql("UPDATE {p}timers SET status = 'PENDING', fire_at_ns = ?, claimed_by = NULL,"
        + " claimed_at_ns = NULL" + heldClaim);
    this.rescheduleSql = tables.sql("UPDATE {p}timers SET fire_at_ns = ? WHERE id = ? AND status = 'PENDING'");
    this.rescheduleIfDueSql = tables.sql("UPDATE {p}timers SET fire_at_ns = ? WHERE id = ? AND status = 'PENDING'"
        + " AND fire_at_ns = ?");
    this.nextDueSql = tables.sql("SELECT MIN(fire_at_ns) FROM {p}timers WHERE status = 'PENDING'");
  }

  void insert(Connection connection, NewTimer timer, Instant now) throws SQLException {
    statements.runVoid(connection, insertSql, statement -> {
      statement.setString(1, timer.id());
      statement.setString(2, timer.owner());
      statement.setString(3, timer.type().name());
      statement.setLong(4, EpochNanos.of(timer.fireAt()));
      statement.setBytes(5, timer.payload());
      statement.setLong(6, EpochNanos.of(now));
      statement.executeUpdate();
    });
  }

  Optional<Timer> get(Connection connection, String id) throws SQLException {
    return statements.run(connection, getSql, statement -> {
      statement.setString(1, id);
      List<Timer> timers = rows(statement);
      return timers.isEmpty() ? Optional.empty() : Optional.of(timers.get(0));
    });
  }

  List<Timer> byOwner(Connection connection, String owner) throws SQLException {
    return statements.run(connection, byOwnerSql, statement -> {
      statement.setString(1, owner);
      return rows(statement);
    });
  }

  List<Timer> claim(Connection connection, String schedulerId, long nowNanos, long claimedBeforeNanos, int limit)
      throws SQLException {
    return statements.run(connection, claimSql, statement -> {
      statement.setString(1, schedulerId);
      statement.setLong(2, nowNanos);
      statement.setLong(3, nowNanos);
      statement.setLong(4, claimedBeforeNanos);
      statement.setInt(5, limit);
      List<Timer> timers = rows(statement);
      timers.sort(Comparator.comparing(Timer::fireAt).thenComparing(Timer::id));
      return timers;
    });
  }

  /** Moves a timer from {@code from} to {@code to}; false if it was not in {@code from}. */
  boolean move(Connection connection, String id, TimerStatus from, TimerStatus to, String error) throws SQLException {
    return statements.run(connection, moveSql, statement -> {
      statement.setString(1, to.name());
      statement.setString(2, error);
      statement.setString(3, id);
      statement.setString(4, from.name());
      return statement.executeUpdate() == 1;
    });
  }

  /**
   * Moves a timer held by {@code claim} to FIRED or FAILED ({@code to}); false, changing nothing, if
   * the claim no longer holds.
   */
  boolean finish(Connection connection, TimerClaim claim, TimerStatus to, String error) throws SQLException {
    return statements.run(connection, finishSql, statement -> {
      statement.setString(1, to.name());
      statement.setString(2, error);
      bindClaim(statement, 3, claim);
      return statement.executeUpdate() == 1;
    });
  }

  /** Makes a timer held by {@code claim} PENDING at {@code fireAtNanos}; false if the claim no longer holds. */
  boolean release(Connection connection, TimerClaim claim, long fireAtNanos) throws SQLException {
    return statements.run(connection, releaseSql, statement -> {
      statement.setLong(1, fireAtNanos);
      bindClaim(statement, 2, claim);
      return statement.executeUpdate() == 1;
    });
  }

  private static void bindClaim(PreparedStatement statement, int first, TimerClaim claim) throws SQLException {
    statement.setString(first, claim.timerId());
    statement.setString(first + 1, claim.schedulerId());
    statement.setInt(first + 2, claim.attempt());
  }

  /**
   * Moves a PENDING timer (due at {@code expectedNanos}, unless null) to {@code fireAtNanos}; false
   * if it was not.
   */
  boolean reschedule(Connection connection, String id, Long expectedNanos, long fireAtNanos) throws SQLException {
    return statements.run(connection, expectedNanos == null ? rescheduleSql : rescheduleIfDueSql, statement -> {
      statement.setLong(1, fireAtNanos);
      statement.setString(2, id);
      if (expectedNanos != null) {
        statement.setLong(3, expectedNanos);
      }
      return statement.executeUpdate() == 1;
    });
  }

  Optional<Instant> nextDue(Connection connection) throws SQLException {
    return statements.run(connection, nextDueSql, statement -> {
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        long value = rows.getLong(1);
        return rows.wasNull() ? Optional.<Instant>empty() : Optional.of(EpochNanos.toInstant(value));
      }
    });
  }

  private static List<Timer> rows(PreparedStatement statement) throws SQLException {
    List<Timer> timers = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        long claimedAt = rows.getLong(8);
        Instant claimed = rows.wasNull() ? null : EpochNanos.toInstant(claimedAt);
        timers.add(new Timer(rows.getString(1), rows.getString(2), TimerType.valueOf(rows.getString(3)),
            EpochNanos.toInstant(rows.getLong(4)), rows.getBytes(5), TimerStatus.valueOf(rows.getString(6)),
            rows.getString(7), claimed, rows.getInt(9), EpochNanos.toInstant(rows.getLong(10)),
            rows.getString(11)));
      }
    }
    return timers;
  }
}
