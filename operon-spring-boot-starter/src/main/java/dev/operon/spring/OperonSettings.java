package dev.operon.spring;

import dev.operon.error.OperonException;
import dev.operon.queue.QueueNames;
import dev.operon.spi.BackendUrl;
import dev.operon.spi.Backends;
import java.time.Duration;
import java.util.List;

/**
 * Checks {@link OperonProperties} when the application starts: each wrong value is refused with a
 * message that names the property, says what it was and what fits, so that a start fails on the
 * first line of its log rather than with a missing bean.
 */
final class OperonSettings {
  static final int MOST_WORKERS = 256;

  private OperonSettings() {}

  /** Throws {@link InvalidOperonProperty} for the first value that does not fit. */
  static void check(OperonProperties properties) {
    url("operon.store", properties.getStore(), false);
    url("operon.queue", properties.getQueue(), false);
    url("operon.notify", properties.getNotify(), false);
    String prefix = properties.getTablePrefix();
    if (prefix == null || !prefix.matches("[a-z][a-z0-9_]{0,30}")) {
      throw new InvalidOperonProperty("operon.table-prefix", prefix,
          "a lower-case letter, then up to 30 lower-case letters, digits or '_' (e.g. operon_)");
    }
    SagaProperties saga = properties.getSaga();
    if (saga.getWorkers() < 0 || saga.getWorkers() > MOST_WORKERS) {
      throw new InvalidOperonProperty("operon.saga.workers", String.valueOf(saga.getWorkers()),
          "0 (a client-only engine) to " + MOST_WORKERS);
    }
    queueName("operon.saga.workflow-queue", saga.getWorkflowQueue());
    queueName("operon.saga.activity-queue", saga.getActivityQueue());
    if (saga.getWorkflowQueue().equals(saga.getActivityQueue())) {
      throw new InvalidOperonProperty("operon.saga.activity-queue", saga.getActivityQueue(),
          "a queue other than operon.saga.workflow-queue");
    }
    CommandsProperties commands = properties.getCommands();
    if (!commands.getHostId().isEmpty() && !commands.getHostId().matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")) {
      throw new InvalidOperonProperty("operon.commands.host-id", commands.getHostId(),
          "a letter or digit, then up to 99 letters, digits, '.', '_', ':' or '-' (e.g. orders-1), or nothing for a"
              + " random id");
    }
    Duration check = commands.getEventCheckPeriod();
    if (check == null || check.compareTo(Duration.ofMillis(10)) < 0 || check.compareTo(Duration.ofHours(1)) > 0) {
      throw new InvalidOperonProperty("operon.commands.event-check-period", String.valueOf(check), "10ms to 1h");
    }
    TrackingProperties tracking = properties.getTracking();
    within("operon.tracking.stalled-after", tracking.getStalledAfter(), Duration.ofSeconds(1), Duration.ofDays(30),
        "1s to 30d");
    within("operon.tracking.stalled-check-period", tracking.getStalledCheckPeriod(), Duration.ofSeconds(1),
        Duration.ofHours(1), "1s to 1h");
    tracking.getStalledThresholds().forEach((name, threshold) -> within("operon.tracking.stalled-thresholds[" + name
        + "]", threshold, Duration.ofSeconds(1), Duration.ofDays(30), "1s to 30d"));
    DocumentsProperties documents = properties.getDocuments();
    if (documents.getKeyframeEvery() < 1 || documents.getKeyframeEvery() > 10_000) {
      throw new InvalidOperonProperty("operon.documents.keyframe-every", String.valueOf(documents.getKeyframeEvery()),
          "1 to 10000 revisions");
    }
    if (documents.getMaxLoadedDocuments() < 1) {
      throw new InvalidOperonProperty("operon.documents.max-loaded-documents",
          String.valueOf(documents.getMaxLoadedDocuments()), "1 or more documents");
    }
    if (documents.getMaxAttachmentSize() == null || documents.getMaxAttachmentSize().toBytes() < 1
        || documents.getMaxAttachmentSize().toGigabytes() >= 1) {
      throw new InvalidOperonProperty("operon.documents.max-attachment-size",
          String.valueOf(documents.getMaxAttachmentSize()), "1B to 1023MB");
    }
    HttpServerProperties server = properties.getServer();
    if (server.getPort() < 0 || server.getPort() > 65_535) {
      throw new InvalidOperonProperty("operon.server.port", String.valueOf(server.getPort()), "0 (any free port) to 65535");
    }
    String mount = server.getMountPath();
    if (!mount.isEmpty() && !mount.matches("(/[A-Za-z0-9._~-]+)+")) {
      throw new InvalidOperonProperty("operon.server.mount-path", mount, "a path such as /operon (no trailing slash),"
          + " or nothing to serve on a port of its own");
    }
    HttpServerProperties.Roles roles = server.getRoles();
    for (String[] role : new String[][] {{"admin", roles.getAdmin()}, {"operator", roles.getOperator()},
        {"viewer", roles.getViewer()}}) {
      if (role[1] == null || role[1].isBlank()) {
        throw new InvalidOperonProperty("operon.server.roles." + role[0], role[1], "the name of one of the"
            + " application's roles (as in hasRole), e.g. OPERON_" + role[0].toUpperCase(java.util.Locale.ROOT));
      }
    }
    if (server.isEnabled() && mount.isEmpty() && !server.isInsecureLocal()) {
      String file = server.getTokensFile();
      if (file.isBlank()) {
        throw new InvalidOperonProperty("operon.server.tokens-file", file, "the file of the API tokens the server"
            + " accepts (make one with 'operon token add --role admin --name me --tokens FILE'), or set"
            + " operon.server.insecure-local=true to serve without tokens on loopback only");
      }
      if (!java.nio.file.Files.isReadable(java.nio.file.Path.of(file))) {
        throw new InvalidOperonProperty("operon.server.tokens-file", file, "a readable file of API tokens (this one"
            + " cannot be read; make one with 'operon token add --role admin --name me --tokens FILE')");
      }
    }
    Duration drain = saga.getDrainTimeout();
    if (drain == null || drain.isNegative() || drain.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new InvalidOperonProperty("operon.saga.drain-timeout", String.valueOf(drain), "0s to 10m");
    }
  }

  private static void within(String property, Duration value, Duration least, Duration most, String expected) {
    if (value == null || value.compareTo(least) < 0 || value.compareTo(most) > 0) {
      throw new InvalidOperonProperty(property, String.valueOf(value), expected);
    }
  }

  private static void url(String property, String value, boolean required) {
    if (value == null || value.isBlank()) {
      if (required) {
        throw new InvalidOperonProperty(property, value, "a URL such as sqlite:operon-data/operon.db or"
            + " postgres://127.0.0.1:5432/app?user=app");
      }
      return;
    }
    String scheme;
    try {
      scheme = BackendUrl.parse(value).scheme();
    } catch (OperonException e) {
      throw new InvalidOperonProperty(property, value, "a URL Operon reads (" + e.getMessage() + ")");
    }
    List<String> known = Backends.knownSchemes();
    if (!known.contains(scheme)) {
      throw new InvalidOperonProperty(property, value, "a URL of a scheme Operon has an adapter for on the class"
          + " path: " + known + " (nats: add operon-nats; redis: add operon-redis)");
    }
  }

  private static void queueName(String property, String value) {
    try {
      QueueNames.require(value);
    } catch (RuntimeException e) {
      throw new InvalidOperonProperty(property, value, "a queue name (" + e.getMessage() + ")");
    }
  }
}
