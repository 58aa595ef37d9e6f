package dev.operon.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.operon.commands.CommandsFixtures;
import org.junit.jupiter.api.Test;

/** The layout rules catch what they are for: each is run on fixtures that break it and on one that does not. */
class ModuleLayoutRulesTest {

  private static EvaluationResult check(ArchRule rule, Class<?>... classes) {
    JavaClasses imported = new ClassFileImporter().importClasses(classes);
    return rule.allowEmptyShould(true).evaluate(imported);
  }

  @Test
  void aCapabilityMayUseTrackingsPublicApi() {
    EvaluationResult result = check(ModuleLayoutTest.capabilitiesUseEachOtherOnlyThroughTracking,
        CommandsFixtures.TracksThroughTheApi.class);

    assertThat(result.hasViolation()).as(result.getFailureReport().toString()).isFalse();
  }

  @Test
  void aCapabilityUsingAnotherCapabilitysInternalsBreaksTwoRules() {
    Class<?> offender = CommandsFixtures.ReachesIntoDocuments.class;

    assertThat(check(ModuleLayoutTest.internalsStayInTheirModule, offender).getFailureReport().getDetails())
        .singleElement().asString().contains("DocumentsInternals.answer()");
    assertThat(check(ModuleLayoutTest.capabilitiesUseEachOtherOnlyThroughTracking, offender).hasViolation())
        .isTrue();
  }

  @Test
  void trackingsInternalsAreNotItsApi() {
    EvaluationResult result = check(ModuleLayoutTest.capabilitiesUseEachOtherOnlyThroughTracking,
        CommandsFixtures.ReachesIntoTracking.class);

    assertThat(result.getFailureReport().getDetails()).singleElement().asString()
        .contains("TrackingInternals.record");
  }

  @Test
  void jdbcOutsideAJdbcPackageIsCaught() {
    EvaluationResult result = check(ModuleLayoutTest.onlyJdbcStorePackagesUseJdbc,
        CommandsFixtures.WritesSqlOutsideAStore.class);

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails()).anySatisfy(
        line -> assertThat(line).contains("java.sql.Connection"));
  }

  @Test
  void aConcreteDialectOutsideTheDialectPackageIsCaught() {
    EvaluationResult result = check(ModuleLayoutTest.onlyTheDialectPackageKnowsTheConcreteDialects,
        CommandsFixtures.ChecksTheConcreteDialect.class);

    assertThat(result.getFailureReport().getDetails()).singleElement().asString().contains("SqliteDialect");
  }

  @Test
  void askingTheDialectIsAllowed() {
    EvaluationResult result = check(ModuleLayoutTest.onlyTheDialectPackageKnowsTheConcreteDialects,
        CommandsFixtures.AsksTheDialect.class);

    assertThat(result.hasViolation()).as(result.getFailureReport().toString()).isFalse();
  }

  @Test
  void aPackageNamesItsModule() {
    assertThat(Layout.moduleOf("dev.operon.saga.internal.visibility.jdbc")).isEqualTo("saga");
    assertThat(Layout.moduleOf("dev.operon.jdbc")).isEqualTo("jdbc");
    assertThat(Layout.moduleOf("java.sql")).isEmpty();
    assertThat(Layout.isInternal("dev.operon.saga.internal")).isTrue();
    assertThat(Layout.isInternal("dev.operon.saga.internals")).isFalse();
  }
}
