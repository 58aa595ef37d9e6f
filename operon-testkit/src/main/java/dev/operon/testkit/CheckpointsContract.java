package dev.operon.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.checkpoint.CheckpointNames;
import dev.operon.checkpoint.Checkpoints;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.Transactor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Checkpoints}: every adapter's test extends this class and implements
 * {@link #open(BackendOptions)}, which opens the whole backend, so that the suite can also check
 * that a save joins the backend's transactions.
 */
public abstract class CheckpointsContract extends ContractSuite {

  /** Opens the backend under test with {@code options}; each call with a fresh prefix sees no checkpoints. */
  protected abstract Backend open(BackendOptions options);

  /** Whether a store opened again with the same options sees what an earlier one saved (false in memory). */
  protected boolean persistent() {
    return true;
  }

  private Backend backend;

  /** The backend of this test, opened once with {@link #baseOptions()}. */
  protected Backend backend() {
    if (backend == null) {
      backend = closeAfterTest(open(baseOptions()));
    }
    return backend;
  }

  /** The checkpoints of this test's backend. */
  protected Checkpoints checkpoints() {
    return backend().checkpoints();
  }

  // ---- positions

  @Test
  void aConsumerWithoutCheckpointIsAtZero() {
    assertThat(checkpoints().position("projector")).isZero();
  }

  @Test
  void aSavedPositionIsReadBack() {
    Checkpoints checkpoints = checkpoints();
    checkpoints.save("projector", 42);
    assertThat(checkpoints.position("projector")).isEqualTo(42);
    checkpoints.save("projector", 43);
    assertThat(checkpoints.position("projector")).isEqualTo(43);
  }

  @Test
  void aLowerOrEqualPositionChangesNothing() {
    Checkpoints checkpoints = checkpoints();
    checkpoints.save("projector", 100);
    checkpoints.save("projector", 99);
    checkpoints.save("projector", 0);
    checkpoints.save("projector", 100);
    assertThat(checkpoints.position("projector")).isEqualTo(100);
  }

  @Test
  void consumersAreIsolated() {
    Checkpoints checkpoints = checkpoints();
    checkpoints.save("projector", 7);
    checkpoints.save("mailer", 3);
    assertThat(checkpoints.position("projector")).isEqualTo(7);
    assertThat(checkpoints.position("mailer")).isEqualTo(3);
    assertThat(checkpoints.position("auditor")).isZero();
  }

  @Test
  void largePositionsRoundTrip() {
    Checkpoints checkpoints = checkpoints();
    long large = (3_000_000_000L << 20) + 17;
    checkpoints.save("projector", large);
    assertThat(checkpoints.position("projector")).isEqualTo(large);
    checkpoints.save("projector", Long.MAX_VALUE);
    assertThat(checkpoints.position("projector")).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void concurrentSavesKeepTheGreatestPosition() throws Exception {
    Checkpoints checkpoints = checkpoints();
    int threads = 8;
    int perThread = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Void>> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        Callable<Void> saves = () -> {
          for (int i = 0; i < perThread; i++) {
            checkpoints.save("shared", (long) i * threads + thread + 1);
          }
          return null;
        };
        running.add(pool.submit(saves));
      }
      for (Future<Void> f : running) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(checkpoints.position("shared")).isEqualTo((long) threads * perThread);
  }

  @Test
  void positionsSurviveReopening() {
    Assumptions.assumeTrue(persistent(), "adapter keeps checkpoints across opens");
    BackendOptions options = baseOptions();
    try (Backend first = open(options)) {
      first.checkpoints().save("projector", 12);
    }
    try (Backend second = open(options)) {
      assertThat(second.checkpoints().position("projector")).isEqualTo(12);
    }
  }

  // ---- bad input

  @Test
  void invalidConsumerNamesAreValidationErrorsNamingTheField() {
    Checkpoints checkpoints = checkpoints();
    String tooLong = "c".repeat(CheckpointNames.MAX_LENGTH + 1);
    for (String bad : new String[] {null, "", "   ", tooLong}) {
      assertValidation(() -> checkpoints.save(bad, 1), "consumer");
      assertValidation(() -> checkpoints.position(bad), "consumer");
    }
  }

  @Test
  void theLongestConsumerNameIsAccepted() {
    Checkpoints checkpoints = checkpoints();
    String longest = "c".repeat(CheckpointNames.MAX_LENGTH);
    checkpoints.save(longest, 5);
    assertThat(checkpoints.position(longest)).isEqualTo(5);
  }

  @Test
  void aNegativePositionIsAValidationErrorAndNothingIsSaved() {
    Checkpoints checkpoints = checkpoints();
    checkpoints.save("projector", 3);
    assertValidation(() -> checkpoints.save("projector", -1), "position");
    assertValidation(() -> checkpoints.save("mailer", -1), "position");
    assertThat(checkpoints.position("projector")).isEqualTo(3);
    assertThat(checkpoints.position("mailer")).isZero();
  }

  private static void assertValidation(ThrowingCallable call, String field) {
    assertThatThrownBy(call).isInstanceOfSatisfying(OperonException.class, e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage()).contains(field);
    });
  }

  // ---- transactions

  @Test
  void aSaveInsideACommittedTransactionIsKept() {
    Checkpoints checkpoints = checkpoints();
    Transactor transactor = backend().transactor();
    long inside = transactor.inTransaction(() -> {
      checkpoints.save("projector", 9);
      return checkpoints.position("projector");
    });
    assertThat(inside).isEqualTo(9);
    assertThat(checkpoints.position("projector")).isEqualTo(9);
  }

  @Test
  void aSaveInsideATransactionThatRollsBackIsRolledBack() {
    Transactor transactor = backend().transactor();
    Checkpoints checkpoints = checkpoints();
    Assumptions.assumeTrue(transactor.atomic() && transactor.joins(checkpoints),
        "backend has transactions that its checkpoints join");
    checkpoints.save("projector", 4);
    assertThatThrownBy(() -> transactor.inTransaction(() -> {
      checkpoints.save("projector", 10);
      assertThat(checkpoints.position("projector")).isEqualTo(10);
      throw new IllegalStateException("consumer gives up");
    })).isInstanceOf(IllegalStateException.class).hasMessage("consumer gives up");
    assertThat(checkpoints.position("projector")).isEqualTo(4);
  }

  @Test
  void withoutTransactionsASaveTakesEffectAtOnce() {
    Transactor transactor = backend().transactor();
    Checkpoints checkpoints = checkpoints();
    Assumptions.assumeFalse(transactor.joins(checkpoints), "backend without transactions");
    assertThatThrownBy(() -> transactor.inTransaction(() -> {
      checkpoints.save("projector", 10);
      throw new IllegalStateException("consumer gives up");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(checkpoints.position("projector")).isEqualTo(10);
  }
}
