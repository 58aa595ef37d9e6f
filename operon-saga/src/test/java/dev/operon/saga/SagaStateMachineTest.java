package dev.operon.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.OperonException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SagaStateMachineTest {

  @Test
  void everyRowOfTable72IsAllowed() {
    assertThat(SagaStateMachine.TABLE).hasSize(11);
    for (SagaTransition row : SagaStateMachine.TABLE) {
      if (row.from().isEmpty()) {
        assertThat(SagaStateMachine.start("s-1")).isEqualTo(row.to().orElseThrow());
      } else if (row.to().isEmpty()) {
        SagaStateMachine.end("s-1", row.from().orElseThrow());
      } else {
        SagaState to = SagaStateMachine.move("s-1", row.from().orElseThrow(), row.to().orElseThrow());
        assertThat(to).as(row.toString()).isEqualTo(row.to().orElseThrow());
      }
    }
  }

  @Test
  void illegalMovesThrowNamingSagaAndBothStates() {
    assertThatThrownBy(() -> SagaStateMachine.move("s-9", SagaState.COMPLETED, SagaState.RUNNING))
        .isInstanceOf(OperonException.class)
        .hasMessageContaining("s-9").hasMessageContaining("Completed").hasMessageContaining("Running")
        .satisfies(e -> assertThat(((OperonException) e).sagaId()).contains("s-9"));
    assertThatThrownBy(() -> SagaStateMachine.move("s-9", SagaState.PAUSED, SagaState.COMPLETED))
        .hasMessageContaining("Paused").hasMessageContaining("Completed");
    assertThatThrownBy(() -> SagaStateMachine.move("s-9", SagaState.CANCELLED, SagaState.COMPENSATING))
        .isInstanceOf(OperonException.class);
    assertThatThrownBy(() -> SagaStateMachine.end("s-9", SagaState.RUNNING))
        .hasMessageContaining("Terminal");
    assertThat(SagaStateMachine.allowed(SagaState.RUNNING, SagaState.COMPENSATING)).isFalse();
  }

  @Test
  void docsShowTheDiagramRenderedFromTheTable() throws Exception {
    String diagram = SagaStateMachine.mermaid();
    Path target = Path.of("target", "saga-states.mmd");
    Files.createDirectories(target.getParent());
    Files.writeString(target, diagram, StandardCharsets.UTF_8);
    String doc = Files.readString(Path.of("..", "docs", "saga-states.md"), StandardCharsets.UTF_8);
    assertThat(doc).as("docs/saga-states.md must contain the diagram in target/saga-states.mmd")
        .contains("```mermaid\n" + diagram + "```");
  }
}
