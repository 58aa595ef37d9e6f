package dev.operon.error;

import java.time.Duration;

/**
 * Error categories with their default behaviour: infrastructure errors
 * are retried 3 times with 1 s·2^n, validation and fatal errors fail, domain errors skip to
 * compensation, transient domain errors are retried once after 5 s.
 */
public enum ErrorCategory {
  INFRASTRUCTURE(new ErrorBehaviour(ErrorAction.RETRY, 3, Duration.ofSeconds(1))),
  VALIDATION(new ErrorBehaviour(ErrorAction.FAIL, 0, Duration.ZERO)),
  DOMAIN(new ErrorBehaviour(ErrorAction.COMPENSATE, 0, Duration.ZERO)),
  TRANSIENT_DOMAIN(new ErrorBehaviour(ErrorAction.RETRY, 1, Duration.ofSeconds(5))),
  FATAL(new ErrorBehaviour(ErrorAction.FAIL, 0, Duration.ZERO));

  private final ErrorBehaviour behaviour;

  ErrorCategory(ErrorBehaviour behaviour) {
    this.behaviour = behaviour;
  }

  public ErrorBehaviour behaviour() {
    return behaviour;
  }
}
