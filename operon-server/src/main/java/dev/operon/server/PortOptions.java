package dev.operon.server;

import picocli.CommandLine.Option;

/** The {@code --store}, {@code --queue} and {@code --notify} options, defaulting to the embedded shape. */
public final class PortOptions {
  @Option(names = "--store", paramLabel = "URL", defaultValue = PortUrls.DEFAULT_STORE,
      description = "Event and timer store: sqlite:PATH, memory:, postgres://HOST:PORT/DB"
          + " (default: ${DEFAULT-VALUE}).")
  String store;

  @Option(names = "--queue", paramLabel = "URL", defaultValue = "local",
      description = "Task queue: local, jdbc (the store's database), nats://HOST:PORT"
          + " (default: ${DEFAULT-VALUE}).")
  String queue;

  @Option(names = "--notify", paramLabel = "URL", defaultValue = "local",
      description = "Change notifier: local, poll, postgres (the store's PostgreSQL),"
          + " redis://HOST:PORT, fs:DIR, nats://HOST:PORT (default: ${DEFAULT-VALUE}).")
  String notify;

  /** The URLs as given. */
  public PortUrls urls() {
    return new PortUrls(store, queue, notify);
  }
}
