package dev.operon.saga.internal.replay;

import dev.operon.error.OperonException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The query and update handlers a workflow registered during one replay, by name. A later
 * registration under the same name replaces the earlier one, so the handler in force is the one
 * the code registered last before the point the replay reached.
 */
public final class WorkflowHandlers {
  /** An update handler: the argument's class, a validator that throws to reject (or null), the handler. */
  public record Update(Class<?> argType, Consumer<Object> validator, Function<Object, Object> handler) {}

  private final Map<String, Supplier<?>> queries = new TreeMap<>();
  private final Map<String, Update> updates = new TreeMap<>();

  void onQuery(String name, Supplier<?> handler) {
    queries.put(checked(name, "query"), Objects.requireNonNull(handler, "handler"));
  }

  @SuppressWarnings("unchecked")
  <A> void onUpdate(String name, Class<A> argType, Consumer<? super A> validator, Function<? super A, ?> handler) {
    Objects.requireNonNull(argType, "argType");
    Objects.requireNonNull(handler, "handler");
    updates.put(checked(name, "update"), new Update(argType, (Consumer<Object>) validator,
        (Function<Object, Object>) handler));
  }

  public Optional<Supplier<?>> query(String name) {
    return Optional.ofNullable(queries.get(name));
  }

  public Optional<Update> update(String name) {
    return Optional.ofNullable(updates.get(name));
  }

  public Set<String> queryNames() {
    return queries.keySet();
  }

  public Set<String> updateNames() {
    return updates.keySet();
  }

  private static String checked(String name, String what) {
    if (name == null || name.isBlank()) {
      throw OperonException.invalid("A " + what + " handler needs a non-blank name, was '" + name + "'");
    }
    return name;
  }
}
