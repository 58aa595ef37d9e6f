package dev.operon.documents.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operon.documents.Action;
import dev.operon.documents.ActionContext;
import dev.operon.documents.ActionDefinition;
import dev.operon.documents.DocumentModel;
import dev.operon.documents.DocumentScope;
import dev.operon.documents.Operation;
import java.util.ArrayDeque;
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
  private final HistoryWindow window;
  private final Deque<Action> clipboard = new ArrayDeque<>();
  private int lastKeyframe;

  /** A scope held whole in memory. */
  public ScopeHistory(String documentId, String branch, DocumentModel model, DocumentScope<?> scope) {
    this(documentId, branch, model, scope, HistorySource.NONE);
  }

  /** A scope whose older operations and keyframes {@code source} gives when they are needed again. */
  public ScopeHistory(String documentId, String branch, DocumentModel model, DocumentScope<?> scope,
      HistorySource source) {
    this.documentId = documentId;
    this.branch = branch;
    this.model = model;
    this.scope = scope;
    this.window = new HistoryWindow(source, state -> CanonicalJson.hash(state, model.hashAlgorithm()),
        scope.initial(), scope.stateType(), "document " + documentId + ", scope " + scope.name());
    this.window.replayer((operation, older) -> {
      Object state = resultOf(operation, older);
      String hash = CanonicalJson.hash(state, model.hashAlgorithm());
      if (!hash.equals(operation.hash())) {
        throw Problems.hashMismatch(documentId, scope.name(), operation.index(), operation.hash(), hash);
      }
      return state;
    });
  }

  /**
   * Starts this scope at a keyframe: its state (checked against its hash) and clipboard. The
   * keyframe must belong to this scope and to the model's version.
   */
  public void startAt(dev.operon.documents.Keyframe keyframe) {
    Object state = window.state(keyframe);
    String hash = CanonicalJson.hash(state, model.hashAlgorithm());
    if (!hash.equals(keyframe.hash())) {
      throw Problems.hashMismatch(documentId, scope.name(), keyframe.revision() - 1, keyframe.hash(), hash);
    }
    window.startAt(keyframe.revision(), state, hash);
    clipboard.clear();
    clipboard.addAll(keyframe.clipboard());
    lastKeyframe = keyframe.revision();
  }

  /** The revision of the last keyframe this scope started from or made (0: none). */
  public int lastKeyframe() {
    return lastKeyframe;
  }

  public void keyframeMade(int revision) {
    lastKeyframe = revision;
  }

  /** Lets the oldest held operations go once many are held; the store gives them again if needed. */
  public void compact() {
    window.compact();
  }

  /** A keyframe of the current revision (its state, hash and clipboard). */
  public dev.operon.documents.Keyframe keyframe() {
    return new dev.operon.documents.Keyframe(documentId, scope.name(), branch, revision(), model.version(), hash(),
        CanonicalJson.mapper().valueToTree(state()), List.copyOf(clipboard));
  }

  /** What applying an action would record, and the state it leads to; nothing changes until accepted. */
  public record Step(Operation operation, Object state, Action clipped, boolean popsClipboard,
      boolean clearsClipboard) {}

  public String scopeName() {
    return scope.name();
  }

  public int revision() {
    return window.revision();
  }

  public Object state() {
    return window.stateAfter(revision() - 1);
  }

  public String hash() {
    return window.hashAfter(revision() - 1);
  }

  /** The id of the last operation (null if there is none). */
  public String lastOperationId() {
    return revision() == 0 ? null : window.operation(revision() - 1).id();
  }

  /**
   * The next operation for {@code action} when a merge re-applies it after concurrent edits: as
   * {@link #next}, except that an undo or redo that no longer has anything to act on (or any action
   * the rules now refuse) is kept as a failed operation, so that no edit is lost from the history.
   */
  public Step nextMerged(Action action) {
    return nextMerged(action, null);
  }

  /**
   * {@link #nextMerged(Action)} for an undo that, where it was made, undid operation
   * {@code undoneId}: it undoes that operation only, and is kept as a failed operation if another
   * one is the last effective operation now (an undo never takes away someone else's change).
   */
  public Step nextMerged(Action action, String undoneId) {
    if (undoneId != null && action.type().equals(Action.UNDO)) {
      int undone = origin(revision() - 1);
      if (undone < 0 || !window.operation(undone).id().equals(undoneId)) {
        return failed(action, "The change this undo took away where it was made is no longer the last one in scope "
            + scope.name() + " of document " + documentId + " after merging concurrent edits; it undoes nothing");
      }
    }
    try {
      return next(action);
    } catch (dev.operon.error.OperonException e) {
      if (e.kind() != dev.operon.error.ErrorKind.VALIDATION) {
        throw e;
      }
      return failed(action, e.getMessage());
    }
  }

  private Step failed(Action action, String error) {
    int index = revision();
    Action kept = action.type().equals(Action.NOOP)
        ? new Action(action.id(), Action.UNDO, action.scope(), null, action.timestamp(), action.context())
        : action;
    boolean redo = kept.type().equals(Action.REDO);
    return new Step(new Operation(OperationIds.of(documentId, scope.name(), branch, action.id()), index, 0,
        action.timestamp(), hash(), error, kept), state(), null, redo, !redo);
  }

  /** The state after the first {@code revision} operations. */
  public Object stateAt(int revision) {
    if (revision < 0 || revision > revision()) {
      throw Problems.invalid(documentId, scope.name(), revision, "Document " + documentId + ", scope " + scope.name()
          + " has revisions 0 to " + revision() + "; there is no revision " + revision);
    }
    return window.stateAfter(revision - 1);
  }

  /** The next operation for {@code action}: validated, reduced, hashed; throws for bad input. */
  public Step next(Action action) {
    return next(action, false);
  }

  /**
   * {@link #next(Action)}, its signature already checked by the caller when {@code signatureChecked}
   * (a dispatch checks signatures on its own thread, so that a busy document's writer does not
   * check them one after another).
   */
  public Step next(Action action, boolean signatureChecked) {
    int index = revision();
    String id = OperationIds.of(documentId, scope.name(), branch, action.id());
    if (!signatureChecked) {
      checkSignature(action, index);
    }
    return switch (action.type()) {
      case Action.UNDO -> {
        int undone = origin(index - 1);
        if (undone < 0) {
          throw Problems.invalid(documentId, scope.name(), index, "Nothing to undo in scope " + scope.name()
              + " of document " + documentId);
        }
        Object state = window.stateAfter(undone - 1);
        Action noop = new Action(action.id(), Action.NOOP, action.scope(), null, action.timestamp(), action.context());
        yield new Step(new Operation(id, index, index - undone, action.timestamp(), window.hashAfter(undone - 1), null,
            noop), state, effectiveAction(window.operation(undone)), false, false);
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
        carried.put("version", redone.version());
        Action stored = new Action(action.id(), Action.REDO, action.scope(), carried, action.timestamp(),
            action.context());
        yield reduced(id, index, stored, redone, true);
      }
      case Action.NOOP -> throw Problems.invalid(documentId, scope.name(), index,
          "NOOP is how an undo is stored; dispatch UNDO instead");
      default -> reduced(id, index, action, action, false);
    };
  }

  /**
   * Refuses an action whose signature does not hold, or an unsigned one where signatures are
   * required. A stored undo (a NOOP) and a stored redo are checked as the UNDO and REDO that were
   * signed.
   */
  private void checkSignature(Action action, int index) {
    if (!model.signaturesRequired() && !action.context().signed() && action.context().signatures().isEmpty()) {
      return;
    }
    Action signed = switch (action.type()) {
      case Action.NOOP -> new Action(action.id(), Action.UNDO, action.scope(), null, action.timestamp(), action.context());
      case Action.REDO, Action.UNDO_OWN -> new Action(action.id(), action.type(), action.scope(), null,
          action.timestamp(), action.context());
      default -> action;
    };
    String problem = dev.operon.documents.ActionSigning.problem(signed, documentId);
    if (problem != null) {
      throw Problems.invalid(documentId, scope.name(), index, "Action " + action.id() + " (" + action.type()
          + ") on document " + documentId + ", scope " + scope.name() + ", index " + index
          + " is refused: " + problem);
    }
  }

  /** The step a stored operation is, checked: its index, its id and (if asked) its hash. */
  public Step replay(Operation stored, boolean checkHash) {
    int index = revision();
    if (stored.index() != index) {
      throw Problems.invalid(documentId, scope.name(), stored.index(), "Missing operations in document " + documentId
          + ", scope " + scope.name() + ": the next index is " + index + ", this operation has " + stored.index());
    }
    Action action = stored.action();
    checkSignature(action, index);
    Step step;
    if (action.type().equals(Action.NOOP)) {
      int target = index - stored.skip() - 1;
      if (stored.skip() < 1 || target < -1) {
        throw Problems.invalid(documentId, scope.name(), index, "NOOP at index " + index + " of document " + documentId
            + " skips " + stored.skip() + " operations, which is not between 1 and " + index);
      }
      int undone = origin(index - 1);
      step = new Step(stored, window.stateAfter(target), undone < 0 ? null : effectiveAction(window.operation(undone)),
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
    window.append(step.operation(), step.state());
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
    return new Savepoint(revision(), List.copyOf(clipboard));
  }

  /** Forgets what was accepted after {@code savepoint} (operations the store refused). */
  public void rollback(Savepoint savepoint) {
    window.truncate(savepoint.revision());
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
    if (applied.type().equals(Action.UNDO_OWN)) {
      return ownUndo(id, index, stored, applied, redo);
    }
    ActionDefinition<?, ?> definition = model.action(applied.type()).orElseThrow(() -> Problems.invalid(documentId,
        scope.name(), index, "Document type " + model.documentType() + " has no action " + applied.type()));
    if (!definition.scope().name().equals(scope.name())) {
      throw Problems.invalid(documentId, scope.name(), index, "Action " + applied.type() + " belongs to scope "
          + definition.scope().name() + ", not " + scope.name());
    }
    Object state = state();
    String error = null;
    Object after = state;
    Object input = input(definition, applied, index);
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

  /**
   * Takes away one effective change: the one whose id {@code applied} names (as stored, or as a
   * merge re-applies it), else the last one its signer made; the effective changes after it are
   * applied again in order without it. Refused (nothing recorded) if there is none, if a later
   * change is itself an undo of someone's own change, or if a later change's reducer fails without it.
   */
  private Step ownUndo(String id, int index, Action stored, Action applied, boolean redo) {
    dev.operon.documents.Signer signer = applied.context().signer();
    String target = applied.input().path("operation").asText(null);
    if (signer == null && target == null) {
      throw Problems.invalid(documentId, scope.name(), index, "An UNDO_OWN on document " + documentId
          + " must be signed: its signer says whose change it takes away");
    }
    List<Integer> later = new java.util.ArrayList<>();
    int at = origin(index - 1);
    while (at >= 0 && !(target != null ? window.operation(at).id().equals(target)
        : signedBy(window.operation(at), signer.appKey()))) {
      later.add(at);
      at = origin(at - 1);
    }
    if (at < 0) {
      throw Problems.invalid(documentId, scope.name(), index, "Nothing to undo for "
          + (target != null ? "operation " + target : "signer " + signer.userAddress()) + " in scope " + scope.name()
          + " of document " + documentId + ": it has no effective change there");
    }
    Object state = window.stateAfter(at - 1);
    for (int k = later.size() - 1; k >= 0; k--) {
      Operation operation = window.operation(later.get(k));
      Action effective = effectiveAction(operation);
      if (effective.type().equals(Action.UNDO_OWN)) {
        throw Problems.invalid(documentId, scope.name(), index, "Cannot undo operation " + window.operation(at).id()
            + " of document " + documentId + ": a later change (index " + operation.index()
            + ") is itself an undo of someone's own change");
      }
      ActionDefinition<?, ?> definition = model.action(effective.type()).orElseThrow();
      try {
        state = reduce(definition, state, input(definition, effective, operation.index()));
      } catch (RuntimeException e) {
        throw Problems.invalid(documentId, scope.name(), index, "Cannot undo operation " + window.operation(at).id()
            + " of document " + documentId + " alone: the later change at index " + operation.index()
            + " depends on it (" + e.getMessage() + ")");
      }
    }
    ObjectNode input = CanonicalJson.mapper().createObjectNode();
    input.put("operation", window.operation(at).id());
    Action recorded = stored.type().equals(Action.REDO) ? stored
        : new Action(stored.id(), Action.UNDO_OWN, stored.scope(), input, stored.timestamp(), stored.context(),
            stored.version());
    return new Step(new Operation(id, index, 0, stored.timestamp(), CanonicalJson.hash(state, model.hashAlgorithm()),
        null, recorded), state, null, redo, !redo);
  }

  private static boolean signedBy(Operation operation, String appKey) {
    dev.operon.documents.Signer signer = operation.action().context().signer();
    return signer != null && signer.appKey().equals(appKey) && !operation.failed();
  }

  @SuppressWarnings("unchecked")
  private <I> Object input(ActionDefinition<?, I> definition, Action action, int index) {
    if (action.version() > definition.version()) {
      throw Problems.invalid(documentId, scope.name(), index, "Action " + definition.type() + " of version "
          + action.version() + " on document " + documentId + " is newer than this model knows (version "
          + definition.version() + "); run the newer model");
    }
    JsonNode json = action.version() == definition.version() ? action.input()
        : definition.upcast(action.input(), action.version());
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
      Operation operation = window.operation(at);
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

  /** The state {@code operation} leads to, from the states before it in {@code window}. */
  private Object resultOf(Operation operation, HistoryWindow states) {
    Action action = operation.action();
    if (action.type().equals(Action.NOOP)) {
      return states.stateAfter(operation.index() - operation.skip() - 1);
    }
    Object before = states.stateAfter(operation.index() - 1);
    if (operation.failed()) {
      return before;
    }
    Action applied = action.type().equals(Action.REDO) ? carriedAction(action) : action;
    ActionDefinition<?, ?> definition = model.action(applied.type()).orElseThrow(() -> Problems.invalid(documentId,
        scope.name(), operation.index(), "Document type " + model.documentType() + " has no action "
            + applied.type()));
    return reduce(definition, before, input(definition, applied, operation.index()));
  }

  /** The action an operation applied: a redo's carried action, or its own. */
  private Action effectiveAction(Operation operation) {
    return operation.action().type().equals(Action.REDO) ? carriedAction(operation.action()) : operation.action();
  }

  private Action carriedAction(Action redo) {
    return new Action(redo.id(), redo.input().path("type").asText(), redo.scope(), redo.input().get("input"),
        redo.timestamp(), ActionContext.NONE, redo.input().path("version").asInt(1));
  }
}
