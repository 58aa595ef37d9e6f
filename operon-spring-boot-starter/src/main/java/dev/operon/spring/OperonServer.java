package dev.operon.spring;

import dev.operon.http.OperonHttp;
import java.util.function.Supplier;
import org.springframework.context.SmartLifecycle;

/**
 * Operon's HTTP server (its JSON API and dashboard) inside the application, on a port of its own
 * ({@code operon.server.port}) with Operon's API tokens: started with the application's lifecycle,
 * once every bean is made, and stopped first when the application stops.
 */
public final class OperonServer implements SmartLifecycle {
  private final Supplier<OperonHttp> starting;
  private volatile OperonHttp http;

  OperonServer(Supplier<OperonHttp> starting) {
    this.starting = starting;
  }

  /** {@code http://host:port} of the running server. */
  public String url() {
    OperonHttp running = http;
    if (running == null) {
      throw new IllegalStateException("Operon's HTTP server is not running; it starts with the application context");
    }
    return running.url();
  }

  @Override
  public synchronized void start() {
    if (http == null) {
      http = starting.get();
    }
  }

  @Override
  public synchronized void stop() {
    if (http != null) {
      http.close();
      http = null;
    }
  }

  @Override
  public boolean isRunning() {
    return http != null;
  }

  @Override
  public int getPhase() {
    return Integer.MAX_VALUE;
  }
}
