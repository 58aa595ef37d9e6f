package dev.operon.commands;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A bag of values by key. A command context's items live as long as one execution of a command,
 * on one host; an operation's items are stored with the operation (as JSON) and handed to its
 * handlers on every host in invalidation mode. A keyless value is kept under its class name.
 * Not thread-safe: a command runs on one thread.
 */
public final class Items {
  private final Map<String, Object> values = new LinkedHashMap<>();

  public Items() {}

  /** Items holding {@code values}, in their order. */
  public static Items of(Map<String, ?> values) {
    Items items = new Items();
    values.forEach(items::set);
    return items;
  }

  /** Sets {@code key} to {@code value}; a null value removes it. */
  public Items set(String key, Object value) {
    requireKey(key);
    if (value == null) {
      values.remove(key);
    } else {
      values.put(key, value);
    }
    return this;
  }

  /** Sets the keyless value of {@code value}'s class. */
  public Items set(Object value) {
    Objects.requireNonNull(value, "value");
    return set(value.getClass().getName(), value);
  }

  /** The value of {@code key}, if it is set and is a {@code type}. */
  public <T> Optional<T> get(String key, Class<T> type) {
    requireKey(key);
    Object value = values.get(key);
    return type.isInstance(value) ? Optional.of(type.cast(value)) : Optional.empty();
  }

  /** The keyless value of class {@code type}, if it is set. */
  public <T> Optional<T> get(Class<T> type) {
    return get(type.getName(), type);
  }

  /** Removes {@code key}; returns whether it was set. */
  public boolean remove(String key) {
    return values.remove(key) != null;
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** A copy of the values by key, in the order they were first set. */
  public Map<String, Object> snapshot() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** Replaces every value by those of {@code snapshot}. */
  public void replaceWith(Map<String, ?> snapshot) {
    values.clear();
    values.putAll(snapshot);
  }

  private static void requireKey(String key) {
    if (key == null || key.isBlank()) {
      throw dev.operon.error.OperonException.invalid("An item key must not be blank (got " + key + ")");
    }
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
