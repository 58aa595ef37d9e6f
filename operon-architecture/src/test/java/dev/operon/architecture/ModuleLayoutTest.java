package dev.operon.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.operon.jdbc.dialect.PostgresDialect;
import dev.operon.jdbc.dialect.SqliteDialect;
import java.util.List;

/**
 * The rules that hold Operon's module layout, checked on the main classes of every module at once
 * (docs/architecture.md, "Modules" and "Where capability tables live").
 */
@AnalyzeClasses(packages = "dev.operon", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleLayoutTest {

  private static final List<String> CAPABILITIES = Layout.CAPABILITIES;
  private static final String[] ADAPTER_PACKAGES = {
      "dev.operon.jdbc..", "dev.operon.nats..", "dev.operon.redis.."};
  private static final String[] CAPABILITY_PACKAGES = CAPABILITIES.stream()
      .map(name -> "dev.operon." + name + "..").toArray(String[]::new);

  @ArchTest
  static final ArchRule internalsStayInTheirModule = classes()
      .should(notUseAnotherModulesInternals())
      .because("classes under internal are used from another module only through a declared SPI");

  @ArchTest
  static final ArchRule capabilitiesUseEachOtherOnlyThroughTracking = classes()
      .that().resideInAnyPackage(CAPABILITY_PACKAGES)
      .should(useNoOtherCapabilityExcept(Layout.SHARED_CAPABILITY))
      .because("a capability uses another one only through the public API of operation tracking");

  @ArchTest
  static final ArchRule coreImportsNoAdapterAndNoCapability = noClasses()
      .that().resideInAnyPackage(Layout.CORE_PACKAGES)
      .should().dependOnClassesThat().resideInAnyPackage(ADAPTER_PACKAGES)
      .orShould().dependOnClassesThat().resideInAnyPackage(CAPABILITY_PACKAGES)
      .orShould().dependOnClassesThat().resideInAnyPackage("dev.operon.server..", "dev.operon.testkit..")
      .because("operon-core holds the ports and the runtime every adapter and capability builds on");

  @ArchTest
  static final ArchRule adaptersDoNotDependOnCapabilities = noClasses()
      .that().resideInAnyPackage(ADAPTER_PACKAGES)
      .should().dependOnClassesThat().resideInAnyPackage(CAPABILITY_PACKAGES)
      .because("an adapter serves every capability through the ports and knows none of them");

  @ArchTest
  static final ArchRule onlyJdbcStorePackagesUseJdbc = noClasses()
      .that().resideOutsideOfPackage("..jdbc..")
      .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "com.zaxxer..",
          "org.postgresql..", "org.sqlite..")
      .because("SQL lives in operon-jdbc and in each module's own jdbc store package");

  @ArchTest
  static final ArchRule capabilityStoresUseOnlyOperonJdbcsPublicBlocks = noClasses()
      .that().resideInAnyPackage(CAPABILITIES.stream()
          .map(name -> "dev.operon." + name + ".internal..jdbc..").toArray(String[]::new))
      .should().dependOnClassesThat().resideInAnyPackage("dev.operon.jdbc.eventstore..",
          "dev.operon.jdbc.queue..", "dev.operon.jdbc.timer..", "dev.operon.jdbc.notify..",
          "dev.operon.jdbc.checkpoint..")
      .because("a capability's tables are written on operon-jdbc's building blocks, not through its adapters");

  @ArchTest
  static final ArchRule onlyTheDialectPackageKnowsTheConcreteDialects = noClasses()
      .that().resideOutsideOfPackage("dev.operon.jdbc.dialect..")
      .should().dependOnClassesThat().belongToAnyOf(SqliteDialect.class, PostgresDialect.class)
      .because("code on a database asks its Dialect what it can do; only Dialects.of(url) picks a concrete one");

  /** A class may use an {@code internal} package only of its own module. */
  private static ArchCondition<JavaClass> notUseAnotherModulesInternals() {
    return new ArchCondition<>("not use another module's internal packages") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        String module = Layout.moduleOf(origin.getPackageName());
        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
          String target = dependency.getTargetClass().getPackageName();
          if (Layout.isInternal(target) && !Layout.moduleOf(target).equals(module)) {
            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
          }
        }
      }
    };
  }

  /** A capability's classes use no other capability, except {@code allowed}'s public API. */
  private static ArchCondition<JavaClass> useNoOtherCapabilityExcept(String allowed) {
    return new ArchCondition<>("use no other capability except " + allowed + "'s public API") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        String own = Layout.moduleOf(origin.getPackageName());
        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
          String target = dependency.getTargetClass().getPackageName();
          String other = Layout.moduleOf(target);
          if (!CAPABILITIES.contains(other) || other.equals(own)) {
            continue;
          }
          if (!other.equals(allowed) || Layout.isInternal(target)) {
            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
          }
        }
      }
    };
  }
}
