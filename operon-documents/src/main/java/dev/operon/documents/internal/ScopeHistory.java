package dev.operon.documents.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operon.documents.Action;
import dev.operon.documents.ActionDefinition;
import dev.operon.documents.DocumentModel;
import dev.operon.documents.DocumentScope;
import dev.operon.documents.Operation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One scope of one document on one branch: its operations in index order and the state after each,
 * the clipboard of undone actions, and the rules that turn an action into the next operation.
 *
 * <p>Undo and redo follow the skip semantics: an undo is stored as a NOOP whose {@code skip} says
 * how far back its state lies (the state after operation {@code index - skip - 1}, the initial state
 * if that is before the first). A run of undos takes away the effective operations before it one by
 * one, newest first; failed operations change nothing, so undo passes over them. Each undone action
 * goes on the clipboard; a redo re-applies the one undone last and is stored as a REDO operation
 * carrying that action; any other action empties the clipboard.
 */
public final class ScopeHistory {
  private final String documentId;
  private final String branch;
  private final DocumentModel model;
  private final DocumentScope<?> scope;
  private final List<Operation> operations = new ArrayList<>();
  private final List<Object> states = new ArrayList<>();
  private final List<String> hashes = new ArrayList<>();
  private final Deque<Action> clipboard = new ArrayDeque<>();
  private final String initialHash;

  public ScopeHistory(String documentId, String branch, DocumentModel model, DocumentScope<?> scope) {
    this.documentId = documentId;
    this.branch = branch;
    this.model = model;
    this.scope = scope;
    this.initialHash = CanonicalJson.hash(scope.initial(), model.hashAlgorithm());
  }

  /** What applying an action would record, and the state it leads to; nothing changes until accepted. */
  public record Step(Operation operation, Object state, Action clipped, boolean popsClipboard,
      boolean clearsClipboard) {}

  public String scopeName() {
    return scope.name();
  }

  public int revision() {
    return operations.size();
  }

  public Object state() {
    return stateAfter(operations.size() - 1);
  }

  public String hash() {
    return operations.isEmpty() ? initialHash : hashes.get(hashes.size() - 1);
  }

  public List<Operation> operations() {
    return List.copyOf(operations);
  }

  /** The state after the first {@code revision} operations. */
  public Object stateAt(int revision) {
    if (revision < 0 || revision > operations.size()) {
      throw Problems.invalid(documentId, scope.name(), revision, "Document " + documentId + ", scope " + scope.name()
          + " has revisions 0 to " + operations.size() + "; there is no revision " + revision);
    }
    return stateAfter(revision - 1);
  }

  /** The next operation for {@code action}: validated, reduced, hashed; throws for bad input. */
  public Step next(Action action) {
    int index = operations.size();
    String id = OperationIds.of(documentId, scope.name(), branch, action.id());
    return switch (action.type()) {
      case Action.UNDO -> {
        int undone = origin(index - 1);
        if (undone < 0) {
          throw Problems.invalid(documentId, scope.name(), index, "Nothing to undo in scope " + scope.name()
              + " of document " + documentId);
        }
        Object state = stateAfter(undone - 1);
        Action noop = new Action(action.id(), Action.NOOP, action.scope(), null, action.timestamp());
        yield new Step(new Operation(id, index, index - undone, action.timestamp(), hashAfter(undone - 1), null, noop),
            state, effectiveAction(operations.get(undone)), false, false);
      }
      case Action.REDO -> {
        Action redone = clipboard.peek();
        if (redone == null) {
          throw Problems.invalid(documentId, scope.name(), index, "Nothing to redo in scope " + scope.name()
              + " of document " + documentId + ": nothing was undone since its last change");
        }
        ObjectNode carried = CanonicalJson.mapper().createObjectNode();
        carried.put("type", redone.type());
        carried.set("input", redone.input());
        Action stored = new Action(action.id(), Action.REDO, action.scope(), carried, action.timestamp());
        yield reduced(id, index, stored, redone, true);
      }
      case Action.NOOP -> throw Problems.invalid(documentId, scope.name(), index,
          "NOOP is how an undo is stored; dispatch UNDO instead");
      default -> reduced(id, index, action, action, false);
    };
  }

  /** The step a stored operation is, checked: its index, its id and (if asked) its hash. */
  public Step replay(Operation stored, boolean checkHash) {
    int index = operations.size();
    if (stored.index() != index) {
      throw Problems.invalid(documentId, scope.name(), stored.index(), "Missing operations in document " + documentId
          + ", scope " + scope.name() + ": the next index is " + index + ", this operation has " + stored.index());
    }
    Action action = stored.action();
    Step step;
    if (action.type().equals(Action.NOOP)) {
      int target = index - stored.skip() - 1;
      if (stored.skip() < 1 || target < -1) {
        throw Problems.invalid(documentId, scope.name(), index, "NOOP at index " + index + " of document " + documentId
            + " skips " + stored.skip() + " operations, which is not between 1 and " + index);
      }
      int undone = origin(index - 1);
      step = new Step(stored, stateAfter(target), undone < 0 ? null : effectiveAction(operations.get(undone)),
          false, false);
    } else if (stored.failed()) {
      step = new Step(stored, state(), null, action.type().equals(Action.REDO), !action.type().equals(Action.REDO));
    } else if (action.type().equals(Action.REDO)) {
      Step computed = reduced(stored.id(), index, action, carriedAction(action), true);
      step = new Step(stored, computed.state(), null, true, false);
      checkReduced(stored, computed);
    } else {
      Step computed = reduced(stored.id(), index, action, action, false);
      step = new Step(stored, computed.state(), null, false, true);
      checkReduced(stored, computed);
    }
    if (checkHash) {
      String computedHash = CanonicalJson.hash(step.state(), model.hashAlgorithm());
      if (!computedHash.equals(stored.hash())) {
        throw Problems.hashMismatch(documentId, scope.name(), index, stored.hash(), computedHash);
      }
    }
    return step;
  }

  /** Records a step made by {@link #next} or {@link #replay} on the current revision. */
  public void accept(Step step) {
    operations.add(step.operation());
    states.add(step.state());
    hashes.add(step.operation().hash());
    if (step.clipped() != null) {
      clipboard.push(step.clipped());
    } else if (step.popsClipboard()) {
      clipboard.poll();
    } else if (step.clearsClipboard()) {
      clipboard.clear();
    }
  }

  /** Where {@link #rollback} goes back to: a revision and the clipboard then. */
  public record Savepoint(int revision, List<Action> clipboard) {}

  public Savepoint savepoint() {
    return new Savepoint(operations.size(), List.copyOf(clipboard));
  }

  /** Forgets what was accepted after {@code savepoint} (operations the store refused). */
  public void rollback(Savepoint savepoint) {
    while (operations.size() > savepoint.revision()) {
      int last = operations.size() - 1;
      operations.remove(last);
      states.remove(last);
      hashes.remove(last);
    }
    clipboard.clear();
    clipboard.addAll(savepoint.clipboard());
  }

  private void checkReduced(Operation stored, Step computed) {
    if (computed.operation().failed()) {
      throw Problems.invalid(documentId, scope.name(), stored.index(), "Operation " + stored.index() + " of document "
          + documentId + ", scope " + scope.name() + " is stored as applied, but its reducer now fails: "
          + computed.operation().error());
    }
  }

  private Step reduced(String id, int index, Action stored, Action applied, boolean redo) {
    ActionDefinition<?, ?> definition = model.action(applied.type()).orElseThrow(() -> Problems.invalid(documentId,
        scope.name(), index, "Document type " + model.documentType() + " has no action " + applied.type()));
    if (!definition.scope().name().equals(scope.name())) {
      throw Problems.invalid(documentId, scope.name(), index, "Action " + applied.type() + " belongs to scope "
          + definition.scope().name() + ", not " + scope.name());
    }
    Object state = state();
    String error = null;
    Object after = state;
    Object input = input(definition, applied.input(), index);
    try {
      after = reduce(definition, state, input);
      if (after == null) {
        throw new IllegalStateException("the reducer returned no state");
      }
    } catch (RuntimeException e) {
      error = e.getClass().getSimpleName() + ": " + e.getMessage();
      after = state;
    }
    String hash = error == null ? CanonicalJson.hash(after, model.hashAlgorithm()) : hash();
    return new Step(new Operation(id, index, 0, stored.timestamp(), hash, error, stored), after, null, redo, !redo);
  }

  @SuppressWarnings("unchecked")
  private <I> Object input(ActionDefinition<?, I> definition, JsonNode json, int index) {
    I input;
    try {
      input = CanonicalJson.mapper().treeToValue(json, definition.inputType());
    } catch (Exception e) {
      throw Problems.invalid(documentId, scope.name(), index, "The input of action " + definition.type()
          + " on document " + documentId + " is not a " + definition.inputType().getSimpleName() + ": "
          + e.getMessage());
    }
    try {
      definition.check(input);
    } catch (IllegalArgumentException e) {
      throw Problems.invalid(documentId, scope.name(), index, "Action " + definition.type() + " on document "
          + documentId + ", scope " + scope.name() + " refused: " + e.getMessage());
    }
    return input;
  }

  @SuppressWarnings("unchecked")
  private static <I> Object reduce(ActionDefinition<?, I> definition, Object state, Object input) {
    return definition.reduce(state, (I) input);
  }

  /** The index of the operation whose result is the state after operation {@code index} (-1: the initial state). */
  private int origin(int index) {
    int at = index;
    while (at >= 0) {
      Operation operation = operations.get(at);
      if (operation.action().type().equals(Action.NOOP)) {
        at = at - operation.skip() - 1;
      } else if (operation.failed()) {
        at--;
      } else {
        return at;
      }
    }
    return -1;
  }

  private Object stateAfter(int index) {
    return index < 0 ? scope.initial() : states.get(index);
  }

  private String hashAfter(int index) {
    return index < 0 ? initialHash : hashes.get(index);
  }

  /** The action an operation applied: a redo's carried action, or its own. */
  private Action effectiveAction(Operation operation) {
    return operation.action().type().equals(Action.REDO) ? carriedAction(operation.action()) : operation.action();
  }

  private Action carriedAction(Action redo) {
    return new Action(redo.id(), redo.input().path("type").asText(), redo.scope(), redo.input().get("input"),
        redo.timestamp());
  }
}
