package dev.operon.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

/** What stopped a test context's start: the wrong property it names. */
final class StartupFailure {
  private StartupFailure() {}

  /** The {@link InvalidOperonProperty} among the causes of the failed start of {@code context}; fails the test without one. */
  static InvalidOperonProperty invalidProperty(AssertableApplicationContext context) {
    assertThat(context).hasFailed();
    Throwable cause = context.getStartupFailure();
    while (cause != null && !(cause instanceof InvalidOperonProperty)) {
      cause = cause.getCause();
    }
    assertThat(cause).as("an InvalidOperonProperty among the causes of %s", context.getStartupFailure())
        .isInstanceOf(InvalidOperonProperty.class);
    return (InvalidOperonProperty) cause;
  }
}
