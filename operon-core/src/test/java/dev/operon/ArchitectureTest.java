package dev.operon;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

/** The core depends on ports only: no JDBC, NATS, Redis or pool type, and it logs through SLF4J. */
@AnalyzeClasses(packages = "dev.operon", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule coreImportsNoBackendTypes = noClasses()
      .that().resideInAPackage("dev.operon..")
      .should().dependOnClassesThat()
      .resideInAnyPackage("java.sql..", "javax.sql..", "io.nats..", "io.lettuce..", "redis..", "com.zaxxer..")
      .because("adapters live in their own modules; the core knows ports only");

  @ArchTest
  static final ArchRule portsDoNotKnowTheirAdapters = noClasses()
      .that().resideInAnyPackage("dev.operon.eventstore..", "dev.operon.queue..", "dev.operon.timer..",
          "dev.operon.checkpoint..", "dev.operon.spi..", "dev.operon.error..", "dev.operon.codec..",
          "dev.operon.id..", "dev.operon.retry..", "dev.operon.runtime..")
      .should().dependOnClassesThat().resideInAPackage("dev.operon.inmemory..")
      .because("ports and primitives must not depend on an adapter");

  @ArchTest
  static final ArchRule noStandardStreams = GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

  @ArchTest
  static final ArchRule noJavaUtilLogging = GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;
}
