package dev.operon.saga.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operon.saga.internal.Json;
import dev.operon.saga.internal.WorkflowRegistry;
import dev.operon.saga.internal.history.SagaHistory;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a signal's payload when it is sent, if the saga waits for that signal at that moment: the
 * wait's TimerCreated records the type it waits for ({@link SagaHistory#awaitedSignalType}). When
 * the type is not known yet, the saga checks the payload when it reaches the wait.
 */
final class AwaitedSignals {
  private static final Logger LOG = LoggerFactory.getLogger(AwaitedSignals.class);

  private final WorkflowRegistry workflows;

  AwaitedSignals(WorkflowRegistry workflows) {
    this.workflows = workflows;
  }

  /**
   * {@code payload} of signal {@code name} to saga {@code h} as a tree; a VALIDATION error if the
   * saga waits for it now and it does not fit the type awaited ({@link InputCheck}).
   */
  JsonNode checkedPayload(SagaHistory h, String name, Object payload) {
    Optional<Class<?>> awaited = awaitedType(h, name);
    if (awaited.isEmpty()) {
      return Json.tree(payload);
    }
    return InputCheck.fitting(payload, awaited.get(), "Signal '" + name + "' for saga " + h.sagaId() + " ("
        + h.workflowType() + ", waiting in awaitSignal)");
  }

  /**
   * The type saga {@code h} waits for in signal {@code name}, if it waits for it now and the type
   * is known here: recorded with the wait (older engines did not), and loadable by the workflow's
   * class loader (or this engine's, if the workflow is not registered here).
   */
  private Optional<Class<?>> awaitedType(SagaHistory h, String name) {
    Optional<String> typeName = h.awaitedSignalType(name);
    if (typeName.isEmpty()) {
      return Optional.empty();
    }
    ClassLoader loader = workflows.find(h.workflowType()).map(w -> w.getClass().getClassLoader())
        .orElse(AwaitedSignals.class.getClassLoader());
    try {
      return Optional.of(Class.forName(typeName.get(), false, loader));
    } catch (ClassNotFoundException | LinkageError e) {
      LOG.debug("Saga {} waits for signal '{}' as {}, a class not known here: the saga checks it", h.sagaId(),
          name, typeName.get());
      return Optional.empty();
    }
  }
}
