package dev.operon.commands.internal.computed;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
 * and the transitive invalidation.
 */
public final class ComputedStore {
  private static final ThreadLocal<ComputedNode> COMPUTING = new ThreadLocal<>();

  private final Cache<Object, ComputedNode> cache;
  private final ConcurrentMap<Object, ComputedNode> nodes;

  public ComputedStore(long maximumSize) {
    this.cache = Caffeine.newBuilder()
        .maximumSize(maximumSize)
        .executor(Runnable::run)
        .removalListener((Object key, ComputedNode node, com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
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
    return (V) compute(key, computation, caller);
  }

  private Object compute(Object key, Supplier<?> computation, ComputedNode caller) {
    while (true) {
      ComputedNode fresh = new ComputedNode(key);
      ComputedNode existing = nodes.putIfAbsent(key, fresh);
      if (existing == null) {
        return run(fresh, computation, caller);
      }
      int state = existing.state;
      if (state == ComputedNode.INVALID) {
        nodes.remove(key, existing);
        continue;
      }
      if (state == ComputedNode.COMPUTING && existing.computer == Thread.currentThread()) {
        throw new OperonException(ErrorKind.CONFIGURATION, "The computed value of " + key
            + " depends on itself: its computation asked for it again");
      }
      Object value = state == ComputedNode.VALID ? existing.value() : existing.await();
      if (caller != null) {
        dependOn(caller, existing);
      }
      return value;
    }
  }

  private Object run(ComputedNode node, Supplier<?> computation, ComputedNode caller) {
    ComputedNode previous = COMPUTING.get();
    COMPUTING.set(node);
    Object value;
    try {
      value = computation.get();
    } catch (RuntimeException | Error e) {
      node.fail(e);
      nodes.remove(node.key, node);
      throw e;
    } finally {
      if (previous == null) {
        COMPUTING.remove();
      } else {
        COMPUTING.set(previous);
      }
    }
    if (!node.finish(value)) {
      // invalidated while it was computed: its result may be stale, so it is not kept
      nodes.remove(node.key, node);
    }
    if (caller != null) {
      dependOn(caller, node);
    }
    return value;
  }

  /** Records that {@code caller} was computed from {@code dependency}. */
  private void dependOn(ComputedNode caller, ComputedNode dependency) {
    dependency.dependants.add(caller);
    if (dependency.state == ComputedNode.INVALID) {
      // the dependency was invalidated before it recorded the caller: the caller read a stale value
      invalidate(caller);
    }
  }

  public void invalidate(Object key) {
    ComputedNode node = nodes.remove(key);
    if (node != null) {
      invalidate(node);
    }
  }

  private void invalidate(ComputedNode first) {
    ArrayDeque<ComputedNode> work = new ArrayDeque<>();
    work.add(first);
    while (!work.isEmpty()) {
      ComputedNode node = work.poll();
      if (!node.invalidate()) {
        continue;
      }
      nodes.remove(node.key, node);
      work.addAll(node.dependants);
      node.dependants.clear();
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
