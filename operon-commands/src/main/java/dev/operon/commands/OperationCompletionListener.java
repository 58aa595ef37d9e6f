package dev.operon.commands;

/**
 * Told about every operation that completes, once per operation id: those this host ran (after
 * they committed) and, for persistent ones, those other hosts ran (when this host reads them from
 * the operation log). A listener that throws is logged; the others still run.
 */
@FunctionalInterface
public interface OperationCompletionListener {
  void completed(Operation operation, boolean local);
}
