package dev.operon.documents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operon.documents.internal.CanonicalJson;
import java.time.Instant;
import java.util.Objects;

/**
 * What a user asks a document to do: an action of a type, on a scope, with an input. Its id is the
 * caller's (a ULID or UUID, unique within the document): the operation it becomes has an id derived
 * from it, so sending the same action twice stores it once. The timestamp orders concurrent edits
 * when two stores merge their histories.
 *
 * <p>{@link #undo(String)} and {@link #redo(String)} are the built-in actions of every scope.
 */
public record Action(String id, String type, String scope, JsonNode input, Instant timestamp,
    ActionContext context, int version) {
  /** The type of an undo: stored as an operation that skips the last effective one. */
  public static final String UNDO = "UNDO";
  /** The type of a redo: stored with the action it re-applies as its input. */
  public static final String REDO = "REDO";
  /** The type an undo is stored as. */
  public static final String NOOP = "NOOP";
  /**
   * The type of an undo of the signer's own last change, whatever others changed after it: stored
   * with the id of the operation it takes away.
   */
  public static final String UNDO_OWN = "UNDO_OWN";

  public Action {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(timestamp, "timestamp");
    input = input == null ? com.fasterxml.jackson.databind.node.NullNode.instance : input;
    context = context == null ? ActionContext.NONE : context;
    if (version < 1) {
      throw new IllegalArgumentException("An action's version is 1 or more, was " + version);
    }
  }

  /** An unsigned action of version 1. */
  public Action(String id, String type, String scope, JsonNode input, Instant timestamp) {
    this(id, type, scope, input, timestamp, ActionContext.NONE, 1);
  }

  /** An action of version 1. */
  public Action(String id, String type, String scope, JsonNode input, Instant timestamp, ActionContext context) {
    this(id, type, scope, input, timestamp, context, 1);
  }

  /** This action with {@code context} (its signer and signatures). */
  public Action withContext(ActionContext context) {
    return new Action(id, type, scope, input, timestamp, context, version);
  }

  /**
   * This action as version {@code version} of its type: the shape its input has. An operation
   * recorded with an older version is upgraded on read by the model's upcasters.
   */
  public Action withVersion(int version) {
    return new Action(id, type, scope, input, timestamp, context, version);
  }

  /** An action whose input is {@code input} as a JSON tree (a record, a map or a tree). */
  public static Action of(String id, String type, String scope, Object input, Instant timestamp) {
    return new Action(id, type, scope, CanonicalJson.mapper().valueToTree(input), timestamp);
  }

  /** Undoes the last effective operation of {@code scope}. */
  public static Action undo(String id, String scope, Instant timestamp) {
    return new Action(id, UNDO, scope, null, timestamp);
  }

  /**
   * Takes away the last effective change of {@code scope} made by the action's signer (sign it,
   * see {@link ActionSigning}), keeping the changes others made after it, if the reducers allow:
   * their actions are applied again without it, and if one of them fails the undo is refused.
   */
  public static Action undoOwn(String id, String scope, Instant timestamp) {
    return new Action(id, UNDO_OWN, scope, null, timestamp);
  }

  /** Re-applies the operation the last undo of {@code scope} took away. */
  public static Action redo(String id, String scope, Instant timestamp) {
    return new Action(id, REDO, scope, null, timestamp);
  }
}
