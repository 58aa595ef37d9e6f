package dev.operon.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/** Wraps a port so that closing it also closes the database it was made from. */
final class ClosingPort {
  private ClosingPort() {}

  static <T> T of(Class<T> type, T port, JdbcDatabase database) {
    Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
      if (method.getName().equals("close") && method.getParameterCount() == 0) {
        database.close();
        return null;
      }
      try {
        return method.invoke(port, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
    return type.cast(proxy);
  }
}
