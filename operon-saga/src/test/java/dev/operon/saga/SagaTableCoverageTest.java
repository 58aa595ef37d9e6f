package dev.operon.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every row of table 7.2 is driven by at least one engine test of {@link SagaEngineContract}
 * (which runs on every backend and checks after each test that its sagas took the rows it names).
 */
class SagaTableCoverageTest {

  @Test
  void everyRowOfTheTableHasAnEngineTestAndEveryNamedRowIsInTheTable() {
    Set<String> table = SagaStateMachine.TABLE.stream().map(SagaTableCoverageTest::rowName)
        .collect(Collectors.toCollection(TreeSet::new));
    Map<String, Set<String>> testsByRow = new TreeMap<>();
    for (Method test : SagaEngineContract.class.getDeclaredMethods()) {
      Drives drives = test.getAnnotation(Drives.class);
      if (drives != null) {
        Arrays.stream(drives.value()).forEach(row ->
            testsByRow.computeIfAbsent(row, r -> new TreeSet<>()).add(test.getName()));
      }
    }

    assertThat(testsByRow.keySet()).as("rows named by @Drives on engine tests")
        .containsExactlyInAnyOrderElementsOf(table);
  }

  /** The "From -> To" name of {@code row} that {@link Drives} uses. */
  static String rowName(SagaTransition row) {
    return SagaTransition.label(row.from(), "Initial") + " -> " + SagaTransition.label(row.to(), "Terminal");
  }

  @Test
  void rowNamesMatchTheTable() {
    assertThat(SagaStateMachine.TABLE).extracting(SagaTableCoverageTest::rowName).contains(
        "Initial -> Running", "Running -> Paused", "Failed -> Terminal", "Compensating -> Cancelled");
  }
}
