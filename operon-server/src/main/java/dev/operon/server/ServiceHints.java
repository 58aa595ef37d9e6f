package dev.operon.server;

import dev.operon.spi.BackendUrl;
import dev.operon.spi.Backends;

/** What to do when a backend of some scheme cannot be reached. */
public final class ServiceHints {
  private ServiceHints() {}

  /** A hint for {@code url}'s scheme: the command that starts the service, or what to check. */
  public static String forUrl(String url) {
    String scheme;
    try {
      scheme = BackendUrl.parse(url).scheme();
    } catch (RuntimeException e) {
      return "give a URL such as sqlite:./operon-data/operon.db or postgres://127.0.0.1:5432/test";
    }
    if (!Backends.knownSchemes().contains(scheme)) {
      return "no adapter on the class path opens '" + scheme + "': use one of "
          + String.join(", ", Backends.knownSchemes())
          + " (or jdbc for --queue, postgres for --notify)";
    }
    return switch (scheme) {
      case "postgres", "postgresql" -> "start PostgreSQL (pg_ctlcluster --skip-systemctl-redirect"
          + " $(ls /etc/postgresql) main start) and check host, port, database and user in the URL";
      case "redis" -> "start Redis (redis-server --daemonize yes --bind 127.0.0.1 --port 6379"
          + " --save \"\" --appendonly no) and check host and port in the URL";
      case "nats" -> "start NATS with JetStream (nats-server -a 127.0.0.1 -p 4222 -js"
          + " -sd /var/lib/nats-server &) and check host and port in the URL";
      case "sqlite" -> "check that the file's directory exists and is writable";
      case "fs" -> "check that the directory exists and is writable";
      default -> "see DEVELOPERS.md for the services Operon uses";
    };
  }
}
