package dev.operon.spring;

import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import java.util.Optional;

/**
 * A store the application itself provides (its DataSource, when it reaches PostgreSQL): used when
 * {@code operon.store} is empty. Empty when the application has none Operon can use.
 */
@FunctionalInterface
public interface ApplicationStore {
  Optional<Backend> open(BackendOptions options);
}
