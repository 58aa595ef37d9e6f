package dev.operon.saga;

import dev.operon.error.OperonException;
import dev.operon.saga.internal.StandIns;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The activities a worker can run, by type id and by class. Thread-safe.
 */
public final class ActivityRegistry {
  private final Map<String, Activity<?, ?>> byTypeId = new ConcurrentHashMap<>();
  private final Map<Class<?>, Activity<?, ?>> byClass = new ConcurrentHashMap<>();

  /** A registry holding {@code activities}. */
  public static ActivityRegistry of(Activity<?, ?>... activities) {
    ActivityRegistry registry = new ActivityRegistry();
    for (Activity<?, ?> activity : activities) {
      registry.register(activity);
    }
    return registry;
  }

  /**
   * Adds {@code activity}. VALIDATION errors: a second activity with the same type id; a type id
   * that is blank or would be derived from a lambda's or an anonymous class's name (it changes
   * between builds, yet it is recorded in every history), unless {@code typeId()} is overridden.
   */
  public ActivityRegistry register(Activity<?, ?> activity) {
    return register(activity.getClass(), activity);
  }

  /**
   * Adds {@code activity} as the implementation of activity class {@code type}: workflows that call
   * {@code type} run {@code activity}, a stand-in such as a test double. A stand-in that is a lambda
   * or an anonymous class without its own {@code typeId()} takes {@code type}'s type id (its default
   * one: a class that overrides {@code typeId()} needs a stand-in that overrides it too) and its
   * input and output types. A second activity with the same type id is a VALIDATION error.
   */
  public ActivityRegistry register(Class<?> type, Activity<?, ?> activity) {
    if (type == null || !Activity.class.isAssignableFrom(type)) {
      throw OperonException.invalid("Cannot register an activity for " + type + ": not an Activity class");
    }
    Activity<?, ?> registered = StandIns.stable(type, activity);
    String typeId = registered.typeId();
    if (typeId == null || typeId.isBlank()) {
      throw OperonException.invalid("Activity " + activity.getClass().getName() + " has a blank type id");
    }
    Activity<?, ?> previous = byTypeId.putIfAbsent(typeId, registered);
    if (previous != null && !StandIns.same(previous, registered)) {
      throw OperonException.invalid("Activity type id '" + typeId + "' is taken by "
          + previous.getClass().getName() + "; give " + activity.getClass().getName() + " another typeId()");
    }
    byClass.put(type, registered);
    return this;
  }

  /** Whether an activity with {@code typeId} is registered. */
  public boolean has(String typeId) {
    return byTypeId.containsKey(typeId);
  }

  /** The activity with {@code typeId}, if registered. */
  public Optional<Activity<?, ?>> get(String typeId) {
    return Optional.ofNullable(byTypeId.get(typeId));
  }

  /** The activity with {@code typeId}; VALIDATION error naming it if it is not registered. */
  public Activity<?, ?> require(String typeId) {
    return get(typeId).orElseThrow(() -> OperonException.invalid("Unknown activity type '" + typeId
        + "': register it in the ActivityRegistry (known: " + byTypeId.keySet() + ")"));
  }

  /** The registered instance of {@code type}; VALIDATION error naming the class if there is none. */
  public Activity<?, ?> require(Class<?> type) {
    Activity<?, ?> activity = byClass.get(type);
    if (activity == null) {
      throw OperonException.invalid("Activity class " + type.getName()
          + " is not registered: add an instance to the ActivityRegistry");
    }
    return activity;
  }

  /** The timeout of an activity that does not set its own: 300 s. */
  public Duration defaultTimeout() {
    return ActivityOptions.DEFAULT_TIMEOUT;
  }
}
