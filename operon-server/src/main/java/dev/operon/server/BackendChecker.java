package dev.operon.server;

import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendUrl;
import dev.operon.spi.Backends;
import dev.operon.spi.Health;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Checks the backend of each port: opens it with a time limit, asks it for its {@link Health} and
 * for the port it must provide. A failure of one backend never stops the check of the others.
 */
final class BackendChecker implements AutoCloseable {
  private final BackendOptions options;
  private final Duration timeout;
  private final PrintWriter verboseErr;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, Opened> opened = new HashMap<>();
  private final java.util.Queue<Backend> toClose = new java.util.concurrent.ConcurrentLinkedQueue<>();

  /** @param verboseErr where stack traces of failures go, or null to print none */
  BackendChecker(BackendOptions options, Duration timeout, PrintWriter verboseErr) {
    this.options = options;
    this.timeout = timeout;
    this.verboseErr = verboseErr;
  }

  /** The reports for the store, queue and notifier of {@code urls}, in that order. */
  List<BackendReport> checkAll(PortUrls urls) {
    List<BackendReport> reports = new ArrayList<>();
    reports.add(check("store", urls.store(), urls.store(), b -> {
      b.eventStore();
      b.timerStore();
    }));
    String queueUrl = urls.queueUsesStore() ? urls.store() : urls.queue();
    reports.add(check("queue", shown(urls.queue(), queueUrl), queueUrl, Backend::taskQueue));
    reports.add(checkNotifier(urls));
    return reports;
  }

  private BackendReport checkNotifier(PortUrls urls) {
    if (urls.notifyUsesStore() && !urls.notifier().trim().equalsIgnoreCase("store")
        && !urls.storeIsPostgres()) {
      return new BackendReport(false, "notify", urls.notifier(),
          "'postgres' means the store's PostgreSQL, but the store is " + redact(urls.store()),
          "give --store postgres://HOST:5432/DB, or --notify local, poll, redis://HOST:6379,"
              + " fs:DIR or nats://HOST:4222");
    }
    String notifyUrl = urls.notifyUsesStore() ? urls.store() : urls.notifier();
    return check("notify", shown(urls.notifier(), notifyUrl), notifyUrl, Backend::notifier);
  }

  private BackendReport check(String role, String shownUrl, String url, Consumer<Backend> port) {
    Opened backend = open(url);
    if (backend.failure != null) {
      return failed(role, shownUrl, url, backend.failure);
    }
    Health health = backend.health;
    if (!health.ok()) {
      String hint = health.hint().isBlank() ? ServiceHints.forUrl(url) : health.hint();
      return new BackendReport(false, role, shownUrl, health.detail(), hint);
    }
    try {
      port.accept(backend.backend);
    } catch (RuntimeException e) {
      return failed(role, shownUrl, url, e);
    }
    return new BackendReport(true, role, shownUrl, health.detail(), "");
  }

  private Opened open(String url) {
    Opened known = opened.get(url.trim());
    if (known == null) {
      known = openWithTimeout(url.trim());
      opened.put(url.trim(), known);
    }
    return known;
  }

  private Opened openWithTimeout(String url) {
    Future<Opened> future = executor.submit(() -> openAndCheck(url));
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      return new Opened(null, null, new IllegalStateException(
          "no answer within " + timeout.toSeconds() + " s"));
    } catch (ExecutionException e) {
      return new Opened(null, null, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Opened(null, null, e);
    }
  }

  private Opened openAndCheck(String url) {
    SqliteFiles.createParentDirectory(url);
    Backend backend = Backends.open(url, options);
    toClose.add(backend);
    return new Opened(backend, backend.check(), null);
  }

  private BackendReport failed(String role, String shownUrl, String url, Throwable failure) {
    if (verboseErr != null) {
      failure.printStackTrace(verboseErr);
    }
    String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    int advice = message.indexOf("; start ");
    if (advice > 0) {
      // the adapter already said what to do: show it once, as the hint
      return new BackendReport(false, role, shownUrl, message.substring(0, advice),
          message.substring(advice + 2));
    }
    return new BackendReport(false, role, shownUrl, message, ServiceHints.forUrl(url));
  }

  private static String shown(String given, String effective) {
    return given.trim().equalsIgnoreCase(effective.trim())
        ? redact(given) : given.trim() + " (" + redact(effective) + ")";
  }

  private static String redact(String url) {
    try {
      return BackendUrl.parse(url).redacted();
    } catch (RuntimeException e) {
      return url;
    }
  }

  @Override
  public void close() {
    for (Backend backend : toClose) {
      try {
        backend.close();
      } catch (RuntimeException ignored) {
        // best effort on the way out
      }
    }
    executor.shutdownNow();
  }

  private record Opened(Backend backend, Health health, Throwable failure) {}
}
