package dev.operon.jdbc.internal;

import dev.operon.jdbc.dialect.Dialect;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises write transactions on a single-writer database within this JVM. SQLite admits one
 * writer; without this lock, concurrent writers would spin in SQLite's busy handler (sleeping up
 * to 100 ms between attempts). One lock per database file, shared by every pool on that file.
 * Writers in other processes are still handled by the busy timeout.
 */
public final class WriteLock {
  private static final ConcurrentMap<String, ReentrantLock> BY_DATABASE = new ConcurrentHashMap<>();
  private static final WriteLock NONE = new WriteLock(null);

  private final ReentrantLock lock;

  private WriteLock(ReentrantLock lock) {
    this.lock = lock;
  }

  /**
   * The lock of {@code dialect}'s database: for a single-writer database one per database (by its
   * JDBC URL, which names the file), else a lock that does nothing.
   */
  public static WriteLock of(Dialect dialect) {
    if (!dialect.singleWriter()) {
      return NONE;
    }
    return new WriteLock(BY_DATABASE.computeIfAbsent(dialect.jdbcUrl(), database -> new ReentrantLock(true)));
  }

  public void lock() {
    if (lock != null) {
      lock.lock();
    }
  }

  public void unlock() {
    if (lock != null) {
      lock.unlock();
    }
  }
}
