package dev.operon.commands.internal;

import dev.operon.commands.Command;
import dev.operon.commands.CommandContext;
import dev.operon.commands.CommandHandler;
import dev.operon.commands.HandlesCommand;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The handler of each command type, with the result type its command declares. */
public final class HandlerRegistry {
  private final Map<Class<?>, Entry> byType = new LinkedHashMap<>();
  private final Map<Class<?>, Entry> resolved = new ConcurrentHashMap<>();

  /** A handler and what its results must be (null: not known, so not checked). */
  record Entry(CommandHandler<Command<Object>, Object> handler, Class<?> resultType, String source) {}

  public HandlerRegistry() {}

  @SuppressWarnings("unchecked")
  public <C extends Command<R>, R> void register(Class<C> type, CommandHandler<C, R> handler) {
    java.util.Objects.requireNonNull(type, "type");
    java.util.Objects.requireNonNull(handler, "handler");
    add(type, new Entry((CommandHandler<Command<Object>, Object>) (CommandHandler<?, ?>) handler,
        ResultTypes.declaredBy(type), "a handler registered for " + type.getName()));
  }

  /** Registers every {@link HandlesCommand} method of {@code service}. */
  public void registerService(Object service) {
    registerService(java.util.Objects.requireNonNull(service, "service"), service.getClass());
  }

  /** Registers the {@link HandlesCommand} methods {@code type} declares, called on {@code service} (an instance or a proxy of it). */
  public void registerService(Object service, Class<?> type) {
    java.util.Objects.requireNonNull(service, "service");
    if (!type.isInstance(service)) {
      throw new OperonException(ErrorKind.CONFIGURATION, service.getClass().getName() + " is not a " + type.getName());
    }
    int found = 0;
    for (Method method : type.getMethods()) {
      if (method.isAnnotationPresent(HandlesCommand.class)) {
        registerMethod(service, method);
        found++;
      }
    }
    if (found == 0) {
      throw new OperonException(ErrorKind.CONFIGURATION, type.getName()
          + " has no public method annotated @HandlesCommand");
    }
  }

  @SuppressWarnings("unchecked")
  private void registerMethod(Object service, Method method) {
    String name = method.getDeclaringClass().getName() + "." + method.getName();
    Class<?>[] parameters = method.getParameterTypes();
    boolean shape = !Modifier.isStatic(method.getModifiers())
        && (parameters.length == 1 || parameters.length == 2 && parameters[1] == CommandContext.class)
        && Command.class.isAssignableFrom(parameters[0]);
    if (!shape) {
      throw new OperonException(ErrorKind.CONFIGURATION, "@HandlesCommand method " + name
          + " must take (C command) or (C command, CommandContext context), C a Command");
    }
    Class<?> type = parameters[0];
    boolean withContext = parameters.length == 2;
    CommandHandler<Command<Object>, Object> handler = (command, context) -> {
      try {
        return withContext ? method.invoke(service, command, context) : method.invoke(service, command);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Exception exception) {
          throw exception;
        }
        throw (Error) cause;
      }
    };
    Class<?> result = method.getReturnType() == void.class ? Void.class : ResultTypes.boxed(method.getReturnType());
    add(type, new Entry(handler, result, "method " + name));
  }

  private synchronized void add(Class<?> type, Entry entry) {
    Entry existing = byType.putIfAbsent(type, entry);
    if (existing != null) {
      throw new OperonException(ErrorKind.CONFIGURATION, "Command " + type.getName() + " has a handler already ("
          + existing.source() + "); " + entry.source() + " cannot be a second one");
    }
    resolved.clear();
  }

  /** The handler of {@code type}: registered for it, or for the nearest of its supertypes. */
  Entry handlerOf(Class<?> type) {
    Entry entry = resolved.get(type);
    if (entry == null) {
      entry = find(type);
      if (entry == null) {
        throw new OperonException(ErrorKind.COMMAND, "No handler for command " + type.getName()
            + ": register one with CommanderBuilder.handle(" + type.getSimpleName()
            + ".class, ...) or a @HandlesCommand method");
      }
      resolved.put(type, entry);
    }
    return entry;
  }

  private synchronized Entry find(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      Entry entry = byType.get(c);
      if (entry != null) {
        return entry;
      }
      for (Class<?> i : c.getInterfaces()) {
        Entry fromInterface = byType.get(i);
        if (fromInterface != null) {
          return fromInterface;
        }
      }
    }
    return null;
  }

  /** A registry with the same handlers, not changed by later registrations here. */
  public synchronized HandlerRegistry copy() {
    HandlerRegistry copy = new HandlerRegistry();
    copy.byType.putAll(byType);
    return copy;
  }

  /** The result type {@code Command<R>} declares, when it names a class. */
  static final class ResultTypes {
    private ResultTypes() {}

    static Class<?> declaredBy(Class<?> commandType) {
      for (Class<?> c = commandType; c != null; c = c.getSuperclass()) {
        for (Type type : c.getGenericInterfaces()) {
          if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == Command.class) {
            Type argument = parameterized.getActualTypeArguments()[0];
            if (argument instanceof Class<?> resultClass) {
              return resultClass;
            }
            if (argument instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> raw) {
              return raw;
            }
            return null;
          }
        }
      }
      return null;
    }

    static Class<?> boxed(Class<?> type) {
      if (!type.isPrimitive()) {
        return type;
      }
      return java.lang.invoke.MethodType.methodType(type).wrap().returnType();
    }
  }
}
