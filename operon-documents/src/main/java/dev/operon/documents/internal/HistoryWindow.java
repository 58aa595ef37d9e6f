package dev.operon.documents.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.operon.documents.Keyframe;
import dev.operon.documents.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The operations of one scope that are held in memory, from revision {@code base} on, with the
 * state after each: the newest ones, enough to undo and to answer for recent revisions. What lies
 * before {@code base} is fetched again when an undo or a history query reaches back there: from the
 * newest keyframe at or before the revision needed, replayed forward with every hash checked. The
 * window keeps at most {@link #MAX_HELD} operations; older ones are let go (the store keeps them).
 */
final class HistoryWindow {
  static final int MAX_HELD = 1_024;

  /** Computes the state an operation leads to from the states before it (the scope's rules). */
  interface Replayer {
    Object stateAfter(Operation operation, HistoryWindow window);
  }

  private final HistorySource source;
  private final java.util.function.Function<Object, String> hasher;
  private final Object initial;
  private final String initialHash;
  private final Class<?> stateType;
  private final String what;
  private Replayer replayer;
  private int base;
  private Object baseState;
  private String baseHash;
  private final ArrayList<Operation> operations = new ArrayList<>();
  private final ArrayList<Object> states = new ArrayList<>();

  HistoryWindow(HistorySource source, java.util.function.Function<Object, String> hasher, Object initial,
      Class<?> stateType, String what) {
    this.source = source;
    this.hasher = hasher;
    this.initial = initial;
    this.initialHash = hasher.apply(initial);
    this.stateType = stateType;
    this.what = what;
    this.baseState = initial;
    this.baseHash = initialHash;
  }

  void replayer(Replayer replayer) {
    this.replayer = replayer;
  }

  int revision() {
    return base + operations.size();
  }

  int base() {
    return base;
  }

  /** Starts the window at a keyframe's revision and state (nothing held before it). */
  void startAt(int revision, Object state, String hash) {
    operations.clear();
    states.clear();
    base = revision;
    baseState = state;
    baseHash = hash;
  }

  void append(Operation operation, Object state) {
    operations.add(operation);
    states.add(state);
  }

  /** Lets the oldest operations go if more than {@link #MAX_HELD} are held (only when a source can give them again). */
  void compact() {
    if (source != HistorySource.NONE && operations.size() > MAX_HELD) {
      int drop = operations.size() - MAX_HELD / 2;
      baseState = states.get(drop - 1);
      baseHash = operations.get(drop - 1).hash();
      operations.subList(0, drop).clear();
      states.subList(0, drop).clear();
      base += drop;
    }
  }

  /** Forgets the operations from revision {@code revision} on (never before the window). */
  void truncate(int revision) {
    if (revision < base) {
      throw new IllegalStateException("cannot go back to revision " + revision + " of " + what + ": the window starts at "
          + base);
    }
    int keep = revision - base;
    operations.subList(keep, operations.size()).clear();
    states.subList(keep, states.size()).clear();
  }

  /** The operation at {@code index}. */
  Operation operation(int index) {
    reachBack(index);
    return operations.get(index - base);
  }

  /** The state after operation {@code index} (-1: the initial state). */
  Object stateAfter(int index) {
    if (index < 0) {
      return initial;
    }
    reachBack(index + 1);
    return index == base - 1 ? baseState : states.get(index - base);
  }

  /** The hash of the state after operation {@code index} (-1: the initial state). */
  String hashAfter(int index) {
    if (index < 0) {
      return initialHash;
    }
    reachBack(index + 1);
    return index == base - 1 ? baseHash : operations.get(index - base).hash();
  }

  /** Brings revisions from {@code revision} on into the window (the state after {@code revision - 1} too). */
  private void reachBack(int revision) {
    if (revision >= base) {
      return;
    }
    int from = revision;
    while (true) {
      Optional<Keyframe> keyframe = source.keyframe(from);
      int start = keyframe.map(Keyframe::revision).orElse(0);
      List<Operation> fetched = source.operations(start, base);
      int reach = start;
      for (Operation operation : fetched) {
        if (operation.action().type().equals(dev.operon.documents.Action.NOOP)) {
          reach = Math.min(reach, operation.index() - operation.skip());
        }
      }
      if (reach < start && start > 0) {
        from = reach;
        continue;
      }
      prepend(start, keyframe, fetched);
      return;
    }
  }

  private void prepend(int start, Optional<Keyframe> keyframe, List<Operation> fetched) {
    HistoryWindow older = new HistoryWindow(HistorySource.NONE, hasher, initial, stateType, what);
    older.replayer(replayer);
    if (keyframe.isPresent()) {
      Object state = state(keyframe.get());
      if (!hasher.apply(state).equals(keyframe.get().hash())) {
        throw new IllegalStateException("The keyframe at revision " + start + " of " + what
            + " does not hash to the hash it records");
      }
      older.startAt(start, state, keyframe.get().hash());
    }
    for (Operation operation : fetched) {
      Object state = replayer.stateAfter(operation, older);
      older.operations.add(operation);
      older.states.add(state);
    }
    older.operations.addAll(operations);
    older.states.addAll(states);
    operations.clear();
    operations.addAll(older.operations);
    states.clear();
    states.addAll(older.states);
    base = older.base;
    baseState = older.baseState;
    baseHash = older.baseHash;
  }

  /** A keyframe's state as the scope's type. */
  Object state(Keyframe keyframe) {
    try {
      return CanonicalJson.mapper().treeToValue(keyframe.state(), stateType);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalStateException("The keyframe at revision " + keyframe.revision() + " of " + what
          + " is not a " + stateType.getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
