package dev.operon.commands.internal.computed;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.operon.commands.Invalidation;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * The computed values of one {@code ComputedValues}: a bounded map of nodes (Caffeine's eviction
 * policy), the node being computed on each thread (to record what it reads as its dependencies),
 * and the transitive invalidation. A node stays in the map when it is invalidated, so invalidating
 * and computing again write nothing to the map; an evicted node invalidates its dependants.
 */
public final class ComputedStore {
  private static final ThreadLocal<ComputedNode> COMPUTING = new ThreadLocal<>();

  private final Cache<Object, ComputedNode> cache;
  private final ConcurrentMap<Object, ComputedNode> nodes;

  public ComputedStore(long maximumSize) {
    this.cache = Caffeine.newBuilder()
        .maximumSize(maximumSize)
        .executor(Runnable::run)
        .removalListener((Object key, ComputedNode node, RemovalCause cause) -> {
          if (node != null && cause.wasEvicted()) {
            invalidate(node);
          }
        })
        .build();
    this.nodes = cache.asMap();
  }

  @SuppressWarnings("unchecked")
  public <V> V get(Object key, Supplier<V> computation) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(computation, "computation");
    if (Invalidation.isActive()) {
      invalidate(key);
      return null;
    }
    ComputedNode caller = COMPUTING.get();
    ComputedNode node = nodes.get(key);
    if (node != null && node.state == ComputedNode.VALID) {
      if (caller != null) {
        dependOn(caller, node);
      }
      return (V) node.value();
    }
    return (V) compute(key, node, computation, caller);
  }

  private Object compute(Object key, ComputedNode known, Supplier<?> computation, ComputedNode caller) {
    ComputedNode node = known;
    while (true) {
      if (node == null) {
        ComputedNode fresh = new ComputedNode(key);
        node = nodes.putIfAbsent(key, fresh);
        if (node == null) {
          return run(fresh, 0, computation, caller);
        }
      }
      int state = node.state;
      if (state == ComputedNode.VALID) {
        if (caller != null) {
          dependOn(caller, node);
        }
        return node.value();
      }
      if (state == ComputedNode.INVALID) {
        long generation = node.startComputing();
        if (generation >= 0) {
          return run(node, generation, computation, caller);
        }
        continue;
      }
      if (node.computedByCaller()) {
        throw new OperonException(ErrorKind.CONFIGURATION, "The computed value of " + key
            + " depends on itself: its computation asked for it again");
      }
      Object value = node.await(node.runningGeneration());
      if (caller != null) {
        dependOn(caller, node);
      }
      return value;
    }
  }

  private Object run(ComputedNode node, long generation, Supplier<?> computation, ComputedNode caller) {
    ComputedNode previous = COMPUTING.get();
    COMPUTING.set(node);
    Object value;
    try {
      value = computation.get();
    } catch (RuntimeException | Error e) {
      node.fail(e, generation);
      throw e;
    } finally {
      if (previous == null) {
        COMPUTING.remove();
      } else {
        COMPUTING.set(previous);
      }
    }
    // false when it was invalidated while it was computed: its result may be stale, so it is not kept
    node.finish(value, generation);
    if (caller != null) {
      dependOn(caller, node);
    }
    return value;
  }

  /** Records that {@code caller} was computed from {@code dependency}. */
  private void dependOn(ComputedNode caller, ComputedNode dependency) {
    dependency.addDependant(caller);
    if (dependency.state != ComputedNode.VALID) {
      // the dependency was invalidated before it recorded the caller: the caller read a stale value
      invalidate(caller);
    }
  }

  public void invalidate(Object key) {
    ComputedNode node = nodes.get(key);
    if (node != null) {
      invalidate(node);
    }
  }

  private void invalidate(ComputedNode first) {
    if (!first.invalidate()) {
      return;
    }
    ArrayDeque<ComputedNode> work = new ArrayDeque<>(first.takeDependants());
    while (!work.isEmpty()) {
      ComputedNode node = work.poll();
      if (node.invalidate()) {
        work.addAll(node.takeDependants());
      }
    }
  }

  public void invalidateAll() {
    for (ComputedNode node : nodes.values()) {
      invalidate(node);
    }
  }

  public boolean isKept(Object key) {
    ComputedNode node = nodes.get(key);
    return node != null && node.state == ComputedNode.VALID;
  }

  public long size() {
    return cache.estimatedSize();
  }
}
