package dev.operon.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start that failed on a wrong {@code operon.*} property into Spring Boot's short report
 * ("APPLICATION FAILED TO START", what was wrong, what to do) instead of the chain of beans that
 * could not be created.
 */
public final class InvalidOperonPropertyAnalyzer extends AbstractFailureAnalyzer<InvalidOperonProperty> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidOperonProperty cause) {
    return new FailureAnalysis(cause.getMessage(), "Correct " + cause.property()
        + " in the application's properties (application.properties, application.yaml or the environment).", cause);
  }
}
