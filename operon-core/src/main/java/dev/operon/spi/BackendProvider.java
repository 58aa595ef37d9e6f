package dev.operon.spi;

import java.util.Set;

/**
 * Opens backends for some URL schemes. Adapter modules register one through
 * {@code META-INF/services/dev.operon.spi.BackendProvider}, so that putting a module on the class
 * path is all it takes to use its URLs.
 */
public interface BackendProvider {

  /** The URL schemes it opens, lower case, e.g. {@code sqlite}, {@code postgres}. */
  Set<String> schemes();

  /**
   * Opens a backend. Throws an {@link dev.operon.error.OperonException} naming the URL and what to
   * do next if it is malformed or unreachable.
   */
  Backend open(BackendUrl url, BackendOptions options);
}
