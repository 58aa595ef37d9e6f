package dev.operon.saga.internal;

import dev.operon.error.OperonException;
import dev.operon.saga.Activity;
import dev.operon.saga.ActivityContext;
import dev.operon.saga.ActivityOptions;

/**
 * Keeps type ids stable at registration: an activity whose type id would come from a lambda's or an
 * anonymous class's name is rejected, unless it stands in for a named activity class, whose type id
 * and types it then takes.
 */
public final class StandIns {
  private StandIns() {}

  /**
   * {@code activity} as it is registered for activity class {@code type}: itself if its type id is
   * stable (a named class, or {@code typeId()} overridden), a {@link StandIn} carrying
   * {@code type}'s default type id if it stands in for another class; a VALIDATION error otherwise.
   */
  public static Activity<?, ?> stable(Class<?> type, Activity<?, ?> activity) {
    Class<?> implementation = activity.getClass();
    if (!TypeIds.unstableName(implementation) || TypeIds.overrides(activity, Activity.class, "typeId")) {
      return activity;
    }
    if (type == implementation || TypeIds.unstableName(type)) {
      throw OperonException.invalid("Activity " + implementation.getName() + " is " + TypeIds.whatIs(implementation)
          + ", so its type id would be '" + activity.typeId() + "', which changes between builds and is"
          + " recorded in every history: implement the activity as a named class, or override typeId() with"
          + " a stable id");
    }
    if (declaresTypeId(type)) {
      throw OperonException.invalid("Activity class " + type.getName() + " overrides typeId(), so a lambda or"
          + " an anonymous class standing in for it cannot know its type id: give the stand-in a typeId()"
          + " that returns the same id, or make it a named class that does");
    }
    return new StandIn(TypeIds.of(type), TypeArguments.resolve(type, Activity.class, 0),
        TypeArguments.resolve(type, Activity.class, 1), activity);
  }

  /** Whether {@code a} and {@code b} are one registration (the same activity, or stand-ins of it). */
  public static boolean same(Activity<?, ?> a, Activity<?, ?> b) {
    return a == b || a instanceof StandIn && a.equals(b);
  }

  private static boolean declaresTypeId(Class<?> type) {
    try {
      return type.getMethod("typeId").getDeclaringClass() != Activity.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /** A lambda or anonymous activity under the type id and types of the class it stands in for. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private record StandIn(String typeId, Class inputType, Class outputType, Activity delegate)
      implements Activity<Object, Object> {
    @Override
    public Object execute(ActivityContext ctx, Object input) throws Exception {
      return delegate.execute(ctx, input);
    }

    @Override
    public ActivityOptions options() {
      return delegate.options();
    }
  }
}
