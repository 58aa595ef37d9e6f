package dev.operon.http.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operon.documents.Attachment;
import dev.operon.documents.DocumentChange;
import dev.operon.documents.DocumentHeader;
import dev.operon.documents.Documents;
import dev.operon.documents.SyncEndpoint;
import io.javalin.http.Context;
import java.util.List;

/**
 * The server's side of document sync ({@code HttpSyncChannel} is the other): what a
 * {@code DocumentSync} running on another server reads and writes here. Operations that arrive are
 * replayed on this server's history first, every hash and signature checked ({@link SyncEndpoint}):
 * a tampered one is refused with a 400 naming the document, scope and index, and nothing is stored.
 */
public final class SyncRoutes {
  static final int MOST_CHANGES = 1_000;

  private final SyncEndpoint endpoint;

  public SyncRoutes(Documents documents) {
    this.endpoint = new SyncEndpoint(documents);
  }

  public List<Route> routes() {
    return List.of(
        Route.read("/api/sync/documents/{documentId}", this::header),
        Route.act("/api/sync/documents", this::create),
        Route.read("/api/sync/documents/{documentId}/operations", this::operations),
        Route.act("/api/sync/documents/{documentId}/append", this::append),
        Route.act("/api/sync/documents/{documentId}/replace", this::replace),
        Route.read("/api/sync/attachments/{hash}", this::attachment),
        Route.act("/api/sync/attachments", this::putAttachment),
        Route.read("/api/sync/changes", this::changes));
  }

  private void header(Context ctx) {
    String id = ctx.pathParam("documentId");
    DocumentHeader header = endpoint.header(id).orElseThrow(() -> ApiProblem.notFound("document", id));
    ApiJson.answer(ctx, 200, DocumentJson.tree(header));
  }

  private void create(Context ctx) throws java.io.IOException {
    DocumentHeader header = DocumentJson.read(ApiJson.objectBody(ctx), DocumentHeader.class, "header");
    if (endpoint.header(header.id()).isEmpty()) {
      endpoint.create(header);
    }
    ApiJson.answer(ctx, 200, DocumentJson.tree(endpoint.header(header.id()).orElseThrow()));
  }

  private void operations(Context ctx) {
    String id = ctx.pathParam("documentId");
    String scope = DocumentJson.required("scope", ctx.queryParam("scope"));
    String branch = DocumentJson.required("branch", ctx.queryParam("branch"));
    int since = (int) Math.min(Integer.MAX_VALUE, DocumentJson.number("since", ctx.queryParam("since"), 0));
    ApiJson.answer(ctx, 200, DocumentJson.with("operations",
        DocumentJson.operations(endpoint.operationsSince(id, scope, branch, since))));
  }

  private void append(Context ctx) throws java.io.IOException {
    String id = ctx.pathParam("documentId");
    ObjectNode body = ApiJson.objectBody(ctx);
    endpoint.append(id, DocumentJson.text(body, "scope"), DocumentJson.text(body, "branch"),
        DocumentJson.revision(body, "expectedRevision"), DocumentJson.operations(body, "operations"));
    ctx.status(204);
  }

  private void replace(Context ctx) throws java.io.IOException {
    String id = ctx.pathParam("documentId");
    ObjectNode body = ApiJson.objectBody(ctx);
    endpoint.replaceFrom(id, DocumentJson.text(body, "scope"), DocumentJson.text(body, "branch"),
        DocumentJson.revision(body, "fromRevision"), DocumentJson.revision(body, "expectedRevision"),
        DocumentJson.operations(body, "operations"));
    ctx.status(204);
  }

  private void attachment(Context ctx) {
    String hash = ctx.pathParam("hash");
    Attachment attachment = endpoint.attachment(hash).orElseThrow(() -> ApiProblem.notFound("attachment", hash));
    ApiJson.answer(ctx, 200, DocumentJson.tree(attachment));
  }

  private void putAttachment(Context ctx) throws java.io.IOException {
    endpoint.putAttachment(DocumentJson.read(ApiJson.objectBody(ctx), Attachment.class, "attachment"));
    ctx.status(204);
  }

  private void changes(Context ctx) {
    long after = DocumentJson.number("after", ctx.queryParam("after"), 0);
    int limit = (int) Math.min(MOST_CHANGES, Math.max(1, DocumentJson.number("limit", ctx.queryParam("limit"), 100)));
    ObjectNode answer = ApiJson.MAPPER.createObjectNode();
    ArrayNode list = answer.putArray("changes");
    for (DocumentChange change : endpoint.changedSince(after, limit)) {
      list.add(DocumentJson.tree(change));
    }
    ApiJson.answer(ctx, 200, answer);
  }
}
