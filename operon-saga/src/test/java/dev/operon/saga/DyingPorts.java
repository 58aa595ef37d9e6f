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
    Class<?>[] ports = {port, ForwardingPort.class};
    return port.cast(Proxy.newProxyInstance(port.getClassLoader(), ports, (proxy, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return method.invoke(target, args);
      }
      if (method.getDeclaringClass() == ForwardingPort.class) {
        return target;
      }
      if (dead.get() || trigger.test(method, args)) {
        dead.set(true);
        throw new IllegalStateException("the process died before " + method.getName());
      }
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
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
