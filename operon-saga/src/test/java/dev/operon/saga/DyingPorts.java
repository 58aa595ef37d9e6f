package dev.operon.saga;

import dev.operon.spi.ForwardingPort;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiPredicate;

/**
 * Ports of a process that dies: every call goes through until a trigger call, which fails, and
 * from then on every call fails, as nothing more reaches the backend from a dead process.
 */
final class DyingPorts {
  private final AtomicBoolean dead = new AtomicBoolean();

  /** {@code target} seen through this process; {@code trigger} says which call kills it. */
  <T> T wrap(Class<T> port, T target, BiPredicate<Method, Object[]> trigger) {
    return wrap(port, target, trigger, false);
  }

  /**
   * {@code target} seen through this process; the call {@code trigger} names reaches the backend,
   * and the process dies before it hears back (inside a transaction: before its commit).
   */
  <T> T wrapDyingAfter(Class<T> port, T target, BiPredicate<Method, Object[]> trigger) {
    return wrap(port, target, trigger, true);
  }

  private <T> T wrap(Class<T> port, T target, BiPredicate<Method, Object[]> trigger, boolean after) {
    Class<?>[] ports = {port, ForwardingPort.class};
    return port.cast(Proxy.newProxyInstance(port.getClassLoader(), ports, (proxy, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return method.invoke(target, args);
      }
      if (method.getDeclaringClass() == ForwardingPort.class) {
        return target;
      }
      if (dead.get() || !after && trigger.test(method, args)) {
        dead.set(true);
        throw new IllegalStateException("the process died before " + method.getName());
      }
      Object result;
      try {
        result = method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (after && trigger.test(method, args)) {
        dead.set(true);
        throw new IllegalStateException("the process died after " + method.getName());
      }
      return result;
    }));
  }

  /** A port of this process that works until the process dies. */
  <T> T wrap(Class<T> port, T target) {
    return wrap(port, target, (method, args) -> false);
  }

  boolean dead() {
    return dead.get();
  }

  /** Kills the process: from now on every call of its ports fails. */
  void die() {
    dead.set(true);
  }
}
