package dev.operon.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operon.documents.Action;
import dev.operon.documents.DocumentChange;
import dev.operon.documents.DocumentHeader;
import dev.operon.documents.DocumentHistory;
import dev.operon.documents.Documents;
import dev.operon.documents.Operation;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Documents over HTTP: create one, list those written lately (keyset on the store's change
 * ordinal), describe one (each scope's revision and state hash), dispatch actions (plain ones the
 * server stamps with an id and its clock, or complete signed ones, checked before anything is
 * stored), a scope's history with its state at any revision, undo and redo.
 */
public final class DocumentRoutes {
  static final int MOST = 1_000;

  private final Documents documents;

  public DocumentRoutes(Documents documents) {
    this.documents = documents;
  }

  public List<Route> routes() {
    return List.of(
        Route.act("/api/documents", this::create),
        Route.read("/api/documents", this::list),
        Route.read("/api/documents/{documentId}", this::describe),
        Route.act("/api/documents/{documentId}/actions", this::dispatch),
        Route.read("/api/documents/{documentId}/history", this::history),
        Route.act("/api/documents/{documentId}/undo", ctx -> undoOrRedo(ctx, true)),
        Route.act("/api/documents/{documentId}/redo", ctx -> undoOrRedo(ctx, false)));
  }

  private void create(Context ctx) throws java.io.IOException {
    ObjectNode body = ApiJson.objectBody(ctx);
    String id = DocumentJson.text(body, "documentId");
    String type = DocumentJson.text(body, "documentType");
    JsonNode name = body.get("name");
    if (name != null && !name.isNull() && !name.isTextual()) {
      throw ApiProblem.badRequest("'name' must be a string");
    }
    if (documents.header(id).isPresent()) {
      throw new ApiProblem(409, "Conflict", "Document " + id + " exists already", Map.of("document", id));
    }
    DocumentHeader header = documents.create(id, type, name == null || name.isNull() ? "" : name.asText());
    ApiJson.answer(ctx, 201, DocumentJson.tree(header));
  }

  private void list(Context ctx) {
    long after = DocumentJson.number("after", ctx.queryParam("after"), 0);
    int limit = (int) Math.min(MOST, Math.max(1, DocumentJson.number("limit", ctx.queryParam("limit"), 100)));
    List<DocumentChange> changes = documents.changedSince(after, limit);
    ObjectNode answer = ApiJson.MAPPER.createObjectNode();
    ArrayNode list = answer.putArray("documents");
    for (DocumentChange change : changes) {
      documents.header(change.documentId()).ifPresent(header -> {
        ObjectNode node = (ObjectNode) DocumentJson.tree(header);
        node.put("changeOrdinal", change.ordinal());
        list.add(node);
      });
    }
    answer.put("next", changes.size() < limit ? null : String.valueOf(changes.get(changes.size() - 1).ordinal()));
    ApiJson.answer(ctx, 200, answer);
  }

  private void describe(Context ctx) {
    DocumentHeader header = existing(ctx);
    String branch = branch(ctx.queryParam("branch"));
    ObjectNode answer = (ObjectNode) DocumentJson.tree(header);
    answer.put("branch", branch);
    Map<String, Integer> revisions = documents.revisions(header.id(), branch);
    ArrayNode scopes = answer.putArray("scopes");
    for (String scope : documents.scopes(header.id())) {
      ObjectNode node = scopes.addObject();
      node.put("name", scope);
      node.put("revision", revisions.getOrDefault(scope, 0));
      node.put("hash", documents.hash(header.id(), branch, scope));
    }
    ApiJson.answer(ctx, 200, answer);
  }

  private void dispatch(Context ctx) throws java.io.IOException {
    DocumentHeader header = existing(ctx);
    ObjectNode body = ApiJson.objectBody(ctx);
    String branch = branch(body.path("branch").isTextual() ? body.get("branch").asText() : null);
    JsonNode array = body.get("actions");
    if (array == null || !array.isArray() || array.isEmpty() || array.size() > MOST) {
      throw ApiProblem.badRequest("'actions' must be an array of 1 to " + MOST + " actions: {\"type\", \"scope\","
          + " \"input\"}, or complete signed actions");
    }
    List<Action> actions = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      actions.add(action(array.get(i), "actions[" + i + "]"));
    }
    List<Operation> operations = documents.dispatch(header.id(), branch, actions);
    ApiJson.answer(ctx, 200, DocumentJson.with("operations", DocumentJson.operations(operations)));
  }

  /** A complete action (it has an id: signed ones must keep theirs), or a plain one stamped here. */
  private Action action(JsonNode node, String field) {
    if (!(node instanceof ObjectNode object)) {
      throw ApiProblem.badRequest("'" + field + "' must be an object");
    }
    if (object.has("id")) {
      return DocumentJson.read(object, Action.class, field);
    }
    return documents.action(DocumentJson.text(object, "type"), DocumentJson.text(object, "scope"),
        object.has("input") ? object.get("input") : null);
  }

  private void history(Context ctx) {
    DocumentHeader header = existing(ctx);
    String scope = scope(header, ctx.queryParam("scope"));
    DocumentHistory history = documents.history(header.id(), scope);
    int latest = history.operations().size();
    int revision = (int) DocumentJson.number("revision", ctx.queryParam("revision"), latest);
    if (revision > latest) {
      throw ApiProblem.badRequest("'revision' must be within 0.." + latest + " (scope " + scope + " of document "
          + header.id() + "), was " + revision);
    }
    ObjectNode answer = ApiJson.MAPPER.createObjectNode();
    answer.put("documentId", header.id());
    answer.put("scope", scope);
    answer.put("revision", revision);
    answer.put("latestRevision", latest);
    answer.set("state", DocumentJson.tree(history.stateAt(revision, Object.class)));
    answer.set("operations", DocumentJson.operations(history.upTo(revision)));
    ApiJson.answer(ctx, 200, answer);
  }

  private void undoOrRedo(Context ctx, boolean undo) {
    DocumentHeader header = existing(ctx);
    String scope = scope(header, ctx.queryParam("scope"));
    Operation operation = undo ? documents.undo(header.id(), scope) : documents.redo(header.id(), scope);
    ApiJson.answer(ctx, 200, DocumentJson.with("operation", DocumentJson.tree(operation)));
  }

  private DocumentHeader existing(Context ctx) {
    String id = ctx.pathParam("documentId");
    return documents.header(id).orElseThrow(() -> ApiProblem.notFound("document", id));
  }

  private String scope(DocumentHeader header, String value) {
    String scope = DocumentJson.required("scope", value);
    List<String> scopes = documents.scopes(header.id());
    if (!scopes.contains(scope)) {
      throw ApiProblem.badRequest("Document " + header.id() + " (" + header.documentType() + ") has no scope '"
          + scope + "': its scopes are " + scopes);
    }
    return scope;
  }

  private static String branch(String value) {
    return value == null || value.isBlank() ? Documents.MAIN : value;
  }
}
