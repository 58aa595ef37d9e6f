package dev.operon.commands;

import dev.operon.commands.internal.computed.ComputedStore;
import dev.operon.error.OperonException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Values computed once and kept until invalidated, with the dependencies between them: a value
 * computed while another is being computed becomes its dependency, and invalidating a value also
 * invalidates everything computed from it, transitively. A command's handler invalidates in
 * invalidation mode ({@link Invalidation#isActive()}): there, asking for a value invalidates it
 * instead of computing it, so the handler's invalidation branch reads like the queries it affects.
 *
 * <p>A computation that was running when its value was invalidated returns its result to its
 * caller but does not keep it: the next caller computes again. Concurrent callers of a value being
 * computed wait for that one computation. At most {@code maximumSize} values are kept; an evicted
 * value invalidates those computed from it. Errors are not kept.
 */
public final class ComputedValues {
  private final ComputedStore store;

  private ComputedValues(long maximumSize) {
    this.store = new ComputedStore(maximumSize);
  }

  /** Values of which at most {@code maximumSize} are kept. */
  public static ComputedValues create(long maximumSize) {
    if (maximumSize < 1) {
      throw OperonException.invalid("maximumSize of computed values must be at least 1 (got " + maximumSize + ")");
    }
    return new ComputedValues(maximumSize);
  }

  /** Values of which at most 100,000 are kept. */
  public static ComputedValues create() {
    return create(100_000);
  }

  /**
   * The value of {@code key}: kept if it is, else computed by {@code computation} and kept. In
   * invalidation mode, invalidates it and returns null.
   */
  public <V> V get(Object key, Supplier<V> computation) {
    return store.get(key, computation);
  }

  /** Invalidates the value of {@code key} and everything computed from it. */
  public void invalidate(Object key) {
    store.invalidate(key);
  }

  /** Invalidates every value (after this host missed operations it should have invalidated). */
  public void invalidateAll() {
    store.invalidateAll();
  }

  /** Whether a valid value of {@code key} is kept. */
  public boolean isKept(Object key) {
    return store.isKept(key);
  }

  /** How many values are kept (an estimate while evictions run). */
  public long size() {
    return store.size();
  }

  /**
   * {@code target} behind {@code type}: its {@link Computed} methods keep their results per argument
   * list (arguments need equals and hashCode), the others run as they are.
   */
  public <T> T proxy(Class<T> type, T target) {
    if (!type.isInterface()) {
      throw OperonException.invalid("Computed values proxy interfaces; " + type.getName() + " is not one");
    }
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return method.invoke(target, args);
      }
      if (!method.isAnnotationPresent(Computed.class)) {
        return invoke(method, target, args);
      }
      Object value = store.get(new CallKey(target, method, args == null ? List.of() : Arrays.asList(args)),
          () -> invoke(method, target, args));
      return value == null && method.getReturnType().isPrimitive() ? zero(method.getReturnType()) : value;
    };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static Object invoke(Method method, Object target, Object[] args) {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object zero(Class<?> type) {
    if (type == boolean.class) {
      return false;
    }
    if (type == char.class) {
      return '\0';
    }
    if (type == void.class) {
      return null;
    }
    return java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(type, 1), 0);
  }

  /** The key of a proxied call: the object, the method and the arguments. */
  private record CallKey(Object target, Method method, List<Object> args) {
    @Override
    public boolean equals(Object other) {
      return other instanceof CallKey key && key.target == target && key.method.equals(method)
          && key.args.equals(args);
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(target) * 31 * 31 + method.hashCode() * 31 + args.hashCode();
    }
  }
}
