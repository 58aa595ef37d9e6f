package dev.operon.server.http;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.Map;

/**
 * The OpenTelemetry of {@code operon server}: when any standard {@code OTEL_*} variable is set
 * (e.g. {@code OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318}, {@code OTEL_SERVICE_NAME},
 * {@code OTEL_TRACES_EXPORTER=otlp|logging|none}), an SDK configured from them, the way every
 * OpenTelemetry user configures an SDK; otherwise none (spans are not recorded).
 */
final class OpenTelemetryFromEnvironment implements AutoCloseable {
  /**
   * The logger of the logging exporters ({@code OTEL_TRACES_EXPORTER=logging}), which the CLI's
   * quiet java.util.logging would silence: what a user asks for is printed. Held here so that its
   * level is not lost with a collected logger.
   */
  private static final java.util.logging.Logger EXPORTER_LOG =
      java.util.logging.Logger.getLogger("io.opentelemetry.exporter.logging");

  private final OpenTelemetrySdk sdk;

  private OpenTelemetryFromEnvironment(OpenTelemetrySdk sdk) {
    this.sdk = sdk;
  }

  static OpenTelemetryFromEnvironment of(Map<String, String> environment) {
    boolean configured = environment.keySet().stream().anyMatch(name -> name.startsWith("OTEL_"));
    if (configured) {
      EXPORTER_LOG.setLevel(java.util.logging.Level.INFO);
    }
    return new OpenTelemetryFromEnvironment(configured
        ? AutoConfiguredOpenTelemetrySdk.builder().disableShutdownHook().build().getOpenTelemetrySdk() : null);
  }

  /** Whether an SDK was configured. */
  boolean configured() {
    return sdk != null;
  }

  OpenTelemetry openTelemetry() {
    return sdk == null ? OpenTelemetry.noop() : sdk;
  }

  /** Flushes and stops the SDK's exporters. */
  @Override
  public void close() {
    if (sdk != null) {
      sdk.close();
    }
  }
}
