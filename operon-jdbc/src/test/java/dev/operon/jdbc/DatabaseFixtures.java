package dev.operon.jdbc;

import dev.operon.spi.BackendOptions;

/** Options with a fresh prefix for tests outside the contract suites. */
final class DatabaseFixtures {
  private static int counter;

  private DatabaseFixtures() {}

  static synchronized BackendOptions options() {
    counter++;
    return BackendOptions.defaults().withTablePrefix("x" + Long.toString(System.nanoTime() % 1_000_000, 36)
        + counter + "_");
  }
}
