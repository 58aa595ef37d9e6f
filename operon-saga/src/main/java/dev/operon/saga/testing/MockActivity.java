package dev.operon.saga.testing;

import dev.operon.saga.Activity;
import dev.operon.saga.ActivityContext;
import dev.operon.saga.ActivityOptions;
import dev.operon.saga.internal.TypeArguments;

/**
 * An {@link ActivityMock} dressed as the activity class it replaces: the same type id, input and
 * output types and options, taken from the real instance when there is one.
 */
final class MockActivity<I, O> implements Activity<I, O> {
  private final ActivityMock<I, O> mock;
  private final String typeId;
  private final Class<I> inputType;
  private final Class<O> outputType;
  private final ActivityOptions options;

  private MockActivity(ActivityMock<I, O> mock, String typeId, Class<I> inputType, Class<O> outputType,
      ActivityOptions options) {
    this.mock = mock;
    this.typeId = typeId;
    this.inputType = inputType;
    this.outputType = outputType;
    this.options = options;
  }

  /** A mock of {@code real}'s class that keeps its type id, types and options. */
  static <I, O> MockActivity<I, O> replacing(Activity<I, O> real, ActivityMock<I, O> mock) {
    return new MockActivity<>(mock, real.typeId(), real.inputType(), real.outputType(), real.options());
  }

  /**
   * A mock of activity class {@code type}, which has no instance: its type id follows the default
   * rule of {@link Activity#typeId()} (so a class that overrides {@code typeId()} must be given as
   * an instance), its types come from its type arguments, its options are the defaults.
   */
  static <I, O> MockActivity<I, O> of(Class<?> type, ActivityMock<I, O> mock) {
    String typeId = dev.operon.saga.internal.TypeIds.of(type);
    return new MockActivity<>(mock, typeId, TypeArguments.resolve(type, Activity.class, 0),
        TypeArguments.resolve(type, Activity.class, 1), ActivityOptions.DEFAULT);
  }

  @Override
  public O execute(ActivityContext ctx, I input) throws Exception {
    return mock.execute(ctx, input);
  }

  @Override
  public String typeId() {
    return typeId;
  }

  @Override
  public Class<I> inputType() {
    return inputType;
  }

  @Override
  public Class<O> outputType() {
    return outputType;
  }

  @Override
  public ActivityOptions options() {
    return options;
  }
}
