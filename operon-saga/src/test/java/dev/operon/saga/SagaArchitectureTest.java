package dev.operon.saga;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The saga module's layout: only its JDBC store package touches java.sql or operon-jdbc, and its
 * public API does not lean on its internals' adapters.
 */
@AnalyzeClasses(packages = "dev.operon.saga", importOptions = ImportOption.DoNotIncludeTests.class)
class SagaArchitectureTest {

  @ArchTest
  static final ArchRule onlyTheJdbcStoreUsesJdbc = noClasses()
      .that().resideInAPackage("dev.operon.saga..")
      .and().resideOutsideOfPackage("dev.operon.saga.internal.visibility.jdbc..")
      .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "com.zaxxer..",
          "dev.operon.jdbc.internal..", "dev.operon.jdbc.eventstore..", "dev.operon.jdbc.queue..",
          "dev.operon.jdbc.timer..")
      .because("a capability's own tables are written by its store package on operon-jdbc's public building blocks");

  @ArchTest
  static final ArchRule theJdbcStoreUsesOnlyThePublicBuildingBlocks = noClasses()
      .that().resideInAPackage("dev.operon.saga.internal.visibility.jdbc..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.operon.jdbc.internal..",
          "dev.operon.jdbc.eventstore..", "dev.operon.jdbc.queue..", "dev.operon.jdbc.timer..")
      .because("operon-jdbc's internals are not an API");

  @ArchTest
  static final ArchRule theEngineDoesNotReachIntoItsStorePackage = noClasses()
      .that().resideInAPackage("dev.operon.saga")
      .should().dependOnClassesThat().resideInAPackage("dev.operon.saga.internal.visibility.jdbc..")
      .because("the public API finds its store through SagaVisibilities, never by naming the JDBC one");
}
