package dev.operon.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Counts the contract tests run for one adapter and reports them in one line, e.g.
 * {@code contract EventStore[SqliteEventStoreTest]: 31 tests ran (31 passed, 0 failed), 2 skipped}, on
 * standard output and appended to {@code target/contract-summary.txt} (surefire keeps test output in
 * files, so build scripts print that file).
 */
public final class ContractSummary implements TestWatcher, AfterAllCallback {
  /** The file, relative to the module directory, that collects one line per contract test class. */
  public static final Path SUMMARY_FILE = Path.of("target", "contract-summary.txt");

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ContractSummary.class);

  @Override
  public void testSuccessful(ExtensionContext context) {
    counts(context).passed.incrementAndGet();
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    counts(context).failed.incrementAndGet();
  }

  @Override
  public void testAborted(ExtensionContext context, Throwable cause) {
    counts(context).skipped.incrementAndGet();
  }

  @Override
  public void testDisabled(ExtensionContext context, Optional<String> reason) {
    counts(context).skipped.incrementAndGet();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    String line = summaryLine(testClass, counts(context));
    System.out.println(line);
    append(line);
  }

  private static String summaryLine(Class<?> testClass, Counts counts) {
    int ran = counts.passed.get() + counts.failed.get();
    return "contract " + portOf(testClass) + "[" + testClass.getSimpleName() + "]: " + ran
        + " tests ran (" + counts.passed.get() + " passed, " + counts.failed.get() + " failed), "
        + counts.skipped.get() + " skipped";
  }

  /** The port a contract class tests: the name of its {@code ...Contract} superclass, less the suffix. */
  static String portOf(Class<?> testClass) {
    for (Class<?> c = testClass; c != null; c = c.getSuperclass()) {
      String name = c.getSimpleName();
      if (name.endsWith("Contract") && c.getPackageName().equals(ContractSummary.class.getPackageName())) {
        return name.substring(0, name.length() - "Contract".length());
      }
    }
    return "Unknown";
  }

  private static void append(String line) {
    try {
      Files.createDirectories(SUMMARY_FILE.getParent());
      Files.writeString(SUMMARY_FILE, line + System.lineSeparator(), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + SUMMARY_FILE.toAbsolutePath(), e);
    }
  }

  private static Counts counts(ExtensionContext context) {
    ExtensionContext classContext = context;
    while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
      classContext = classContext.getParent().get();
    }
    return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(Counts.class, k -> new Counts(), Counts.class);
  }

  private static final class Counts {
    final AtomicInteger passed = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger skipped = new AtomicInteger();
  }
}
