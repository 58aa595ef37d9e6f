package dev.operon.jdbc.internal;

import java.nio.file.Path;
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
  private static final ConcurrentMap<Path, ReentrantLock> BY_FILE = new ConcurrentHashMap<>();
  private static final WriteLock NONE = new WriteLock(null);

  private final ReentrantLock lock;

  private WriteLock(ReentrantLock lock) {
    this.lock = lock;
  }

  /** The lock of a database file. */
  public static WriteLock forFile(Path file) {
    return new WriteLock(BY_FILE.computeIfAbsent(file, f -> new ReentrantLock(true)));
  }

  /** A lock that does nothing, for databases with many writers. */
  public static WriteLock none() {
    return NONE;
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
