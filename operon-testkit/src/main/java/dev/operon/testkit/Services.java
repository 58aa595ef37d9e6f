package dev.operon.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Access to the services that adapter tests run against: PostgreSQL, Redis and NATS JetStream on
 * 127.0.0.1. When a service is unreachable, a test that requires it fails on CI (see
 * {@link #isCi()}), and is skipped otherwise, with a message naming the service and the command that
 * starts it.
 */
public final class Services {
  private static final String HOST = "127.0.0.1";
  private static final int CONNECT_TIMEOUT_MILLIS = 500;

  private Services() {}

  /** Requires PostgreSQL on 127.0.0.1:5432 (user postgres, database test). */
  public static void requirePostgres() {
    require("PostgreSQL", 5432,
        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start");
  }

  /** Requires Redis on 127.0.0.1:6379. */
  public static void requireRedis() {
    require("Redis", 6379,
        "redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save \"\" --appendonly no");
  }

  /** Requires NATS with JetStream on 127.0.0.1:4222. */
  public static void requireNats() {
    require("NATS JetStream", 4222, "nats-server -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server &");
  }

  /** Debian's Chromium and its driver, where the browser tests look for them. */
  public static final String CHROMIUM = "/usr/bin/chromium";
  public static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  /** Requires Chromium and ChromeDriver ({@link #CHROMIUM}, {@link #CHROMEDRIVER}) for a browser test. */
  public static void requireChromium() {
    if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(CHROMIUM))
        && java.nio.file.Files.isExecutable(java.nio.file.Path.of(CHROMEDRIVER))) {
      return;
    }
    String message = "Chromium or ChromeDriver is missing (" + CHROMIUM + ", " + CHROMEDRIVER
        + "); install them with: sudo apt-get install chromium chromium-driver";
    if (isCi()) {
      Assertions.fail(message + " (CI=" + System.getenv("CI") + ": on CI a missing browser fails the build)");
    }
    Assumptions.abort(message + " (skipped; with CI set, e.g. CI=true, this fails)");
  }

  /** The URL of the test PostgreSQL database. */
  public static String postgresUrl() {
    return "postgres://127.0.0.1:5432/test?user=postgres";
  }

  /** The URL of the test NATS server. */
  public static String natsUrl() {
    return "nats://127.0.0.1:4222";
  }

  /** The URL of the test Redis server. */
  public static String redisUrl() {
    return "redis://127.0.0.1:6379";
  }

  /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
  public static boolean reachable(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, port), CONNECT_TIMEOUT_MILLIS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Whether this is a CI run, where a missing service fails the test: the environment variable
   * {@code CI} is set to anything but the empty string, {@code false} or {@code 0} (ignoring case).
   * {@code .ci/is-ci.sh} applies the same rule in the shell.
   */
  public static boolean isCi() {
    return isCi(System.getenv("CI"));
  }

  /** Whether {@code value} of the variable {@code CI} (null: unset) marks a CI run; see {@link #isCi()}. */
  static boolean isCi(String value) {
    return value != null && !value.isEmpty() && !value.equalsIgnoreCase("false") && !value.equals("0");
  }

  private static void require(String service, int port, String startCommand) {
    if (reachable(port)) {
      return;
    }
    String message = service + " is not reachable on " + HOST + ":" + port
        + "; start it with: " + startCommand;
    if (isCi()) {
      Assertions.fail(message + " (CI=" + System.getenv("CI") + ": on CI a missing service fails the build)");
    }
    Assumptions.abort(message + " (skipped; with CI set, e.g. CI=true, this fails)");
  }
}
