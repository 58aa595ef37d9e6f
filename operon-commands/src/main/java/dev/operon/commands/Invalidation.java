package dev.operon.commands;

/**
 * Whether the calling thread runs a handler in invalidation mode: after an operation completed
 * (on the host that ran it, and on every other host that reads it from the operation log), its
 * nested commands and then its command are handed again to their handlers, which invalidate what
 * they changed instead of changing it.
 */
public final class Invalidation {
  private static final ThreadLocal<Boolean> ACTIVE = new ThreadLocal<>();

  private Invalidation() {}

  /** Whether the calling thread is in invalidation mode. */
  public static boolean isActive() {
    return ACTIVE.get() != null;
  }

  /**
   * Runs {@code body} in invalidation mode (a run inside another stays in it). The pipeline's
   * invalidation pass uses it; so can a test of a handler's invalidation branch.
   */
  public static <T> T run(java.util.concurrent.Callable<T> body) throws Exception {
    if (isActive()) {
      return body.call();
    }
    ACTIVE.set(Boolean.TRUE);
    try {
      return body.call();
    } finally {
      ACTIVE.remove();
    }
  }
}
