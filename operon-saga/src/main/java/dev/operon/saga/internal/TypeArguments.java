package dev.operon.saga.internal;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/** Finds the concrete type arguments a class gives to a generic interface it implements. */
public final class TypeArguments {
  private TypeArguments() {}

  /**
   * The class given as argument {@code index} of {@code generic} by {@code type} or one of its
   * superclasses; a CONFIGURATION error if it is not a concrete class.
   */
  @SuppressWarnings("unchecked")
  public static <T> Class<T> resolve(Class<?> type, Class<?> generic, int index) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Type candidate : c.getGenericInterfaces()) {
        if (candidate instanceof ParameterizedType p && p.getRawType() == generic) {
          Type argument = p.getActualTypeArguments()[index];
          if (argument instanceof Class<?> k) {
            return (Class<T>) k;
          }
          if (argument instanceof ParameterizedType pa && pa.getRawType() instanceof Class<?> raw) {
            return (Class<T>) raw;
          }
        }
      }
    }
    throw new OperonException(ErrorKind.CONFIGURATION, type.getName() + " does not give "
        + generic.getSimpleName() + " a concrete type argument " + index
        + "; implement the interface directly with concrete types or override inputType()/outputType()");
  }
}
