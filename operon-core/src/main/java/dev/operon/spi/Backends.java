package dev.operon.spi;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Opens a backend by URL through the {@link BackendProvider}s on the class path. */
public final class Backends {
  private Backends() {}

  /**
   * Opens {@code url} with the default options ({@link BackendOptions#defaults()}), e.g.
   * {@code Backends.open("sqlite:./operon-data/operon.db")}; see {@link #open(String, BackendOptions)}.
   */
  public static Backend open(String url) {
    return open(url, BackendOptions.defaults());
  }

  /** Opens {@code url} with {@code options}; an unknown scheme is a CONFIGURATION error. */
  public static Backend open(String url, BackendOptions options) {
    BackendUrl parsed = BackendUrl.parse(url);
    for (BackendProvider provider : providers()) {
      if (provider.schemes().contains(parsed.scheme())) {
        return provider.open(parsed, options);
      }
    }
    throw OperonException.of(ErrorKind.CONFIGURATION,
            "Unknown backend URL scheme '" + parsed.scheme() + "' in " + parsed
                + "; known schemes: " + knownSchemes()
                + " (an adapter module missing from the class path adds no scheme)")
        .retryable(false).build();
  }

  /** Every scheme some provider on the class path opens, sorted. */
  public static List<String> knownSchemes() {
    TreeSet<String> schemes = new TreeSet<>();
    providers().forEach(p -> schemes.addAll(p.schemes()));
    return List.copyOf(schemes);
  }

  private static Iterable<BackendProvider> providers() {
    return ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader());
  }
}
