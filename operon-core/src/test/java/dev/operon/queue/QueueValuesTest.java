package dev.operon.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class QueueValuesTest {
  @Test
  void queueNamesFollowTheRule() {
    assertThat(QueueNames.require("saga-workflows")).isEqualTo("saga-workflows");
    assertThat(QueueNames.require("A.b_c-1")).isEqualTo("A.b_c-1");
    assertThat(QueueNames.require("q".repeat(64))).hasSize(64);
    for (String bad : new String[] {null, "", "a b", "a/b", "a:b", "q".repeat(65), "ünicode"}) {
      assertInvalid(() -> QueueNames.require(bad), "queue name");
    }
  }

  @Test
  void publishOptionsAreValidated() {
    assertThat(PublishOptions.NOW.delay()).isZero();
    assertThat(PublishOptions.NOW.dedupKey()).isNull();
    assertThat(PublishOptions.delayed(Duration.ofSeconds(3)).withDedupKey("k"))
        .isEqualTo(new PublishOptions(Duration.ofSeconds(3), "k"));
    assertThat(PublishOptions.dedup("k").withDelay(Duration.ofSeconds(1)).delay()).isEqualTo(Duration.ofSeconds(1));
    assertInvalid(() -> PublishOptions.delayed(Duration.ofMillis(-1)), "delay");
    assertInvalid(() -> PublishOptions.dedup(" "), "dedupKey");
  }

  private static void assertInvalid(ThrowingCallable call, String words) {
    assertThatThrownBy(call).isInstanceOfSatisfying(OperonException.class, e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
      assertThat(e.getMessage()).containsIgnoringCase(words);
    });
  }
}
