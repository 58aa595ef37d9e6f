package dev.operon.jdbc;

import dev.operon.jdbc.dialect.Dialects;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendProvider;
import dev.operon.spi.BackendUrl;
import java.util.Set;

/** Opens {@code sqlite:PATH}, {@code postgres://...} and {@code postgresql://...} URLs. */
public final class JdbcBackendProvider implements BackendProvider {

  @Override
  public Set<String> schemes() {
    return Dialects.SCHEMES;
  }

  @Override
  public Backend open(BackendUrl url, BackendOptions options) {
    return new JdbcBackend(JdbcDatabase.open(url, options), options);
  }
}
