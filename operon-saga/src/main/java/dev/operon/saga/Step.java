package dev.operon.saga;

/**
 * A saga step not yet run: name its compensation with {@link #compensateWith}, or run it without
 * one with {@link #run()}. Either call records the step and returns the activity's output.
 *
 * @param <O> the output of the step's activity, which is also the input of its compensation
 */
public interface Step<O> {

  /**
   * This step with {@code options} (timeout, retry policy, heartbeat timeout) instead of the
   * activity class's {@link Activity#options()}; recorded with the step, so every worker and every
   * retry of it uses them.
   */
  Step<O> options(ActivityOptions options);

  /**
   * Runs the step; if the saga later fails or is cancelled, {@code compensation} runs with this
   * step's output as input (newest step first).
   */
  O compensateWith(Class<? extends Activity<? super O, ?>> compensation);

  /** Runs the step without a compensation. */
  O run();
}
