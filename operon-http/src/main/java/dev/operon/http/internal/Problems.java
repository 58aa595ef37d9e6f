package dev.operon.http.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a handler threw into an RFC 9457 {@code application/problem+json} answer. Bad input
 * (VALIDATION, CODEC and CONFIGURATION errors, malformed JSON, a body over the limit) is a 4xx
 * naming what was wrong; a conflict is 409; an unreachable store or queue is 503 with what to do;
 * only an error of the server itself is 500, logged with its stack trace and answered without it.
 */
public final class Problems {
  public static final String CONTENT_TYPE = "application/problem+json";
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  private Problems() {}

  /** Answers {@code ctx} with the problem {@code error} stands for. */
  public static void answer(Exception error, Context ctx) {
    if (error instanceof ApiProblem problem) {
      write(ctx, problem.status(), problem.title(), problem.getMessage(), null, problem.ids());
    } else if (error instanceof OperonException operon) {
      write(ctx, statusOf(operon.kind()), titleOf(operon.kind()), operon.getMessage(), operon.kind(), operon.ids());
    } else if (error instanceof JacksonException json) {
      write(ctx, 400, "Malformed JSON", "The request body is not valid JSON: " + json.getOriginalMessage(), null,
          Map.of());
    } else if (error instanceof HttpResponseException http) {
      String detail = http.getStatus() == 413
          ? "The request body is larger than this server accepts (" + ctx.req().getContentLengthLong() + " bytes)"
          : http.getMessage();
      write(ctx, http.getStatus(), titleOf(http.getStatus()), detail, null, Map.of());
    } else {
      LOG.error("{} {} failed", ctx.method(), ctx.path(), error);
      write(ctx, 500, "Internal error", "The server failed on this request (" + error.getClass().getSimpleName()
          + "); its log has the details", null, Map.of());
    }
  }

  /** Writes one problem. */
  public static void write(Context ctx, int status, String title, String detail, ErrorKind kind,
      Map<String, String> ids) {
    ObjectNode body = ApiJson.MAPPER.createObjectNode();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    body.put("instance", ctx.path());
    if (kind != null) {
      body.put("errorKind", kind.name());
    }
    if (!ids.isEmpty()) {
      ids.forEach(body.putObject("ids")::put);
    }
    ctx.status(status).contentType(CONTENT_TYPE).result(ApiJson.bytes(body));
  }

  static int statusOf(ErrorKind kind) {
    return switch (kind) {
      case VALIDATION, CODEC, CONFIGURATION -> 400;
      case CONCURRENCY -> 409;
      case TIMEOUT -> 504;
      case EVENT_STORE, TIMER_STORE, TASK_QUEUE, SIGNAL_DISPATCHER, SNAPSHOT, OPERATION_LOG -> 503;
      default -> 500;
    };
  }

  private static String titleOf(ErrorKind kind) {
    return switch (statusOf(kind)) {
      case 400 -> "Bad request";
      case 409 -> "Conflict";
      case 503 -> "Service unavailable";
      case 504 -> "Timed out";
      default -> "Internal error";
    };
  }

  static String titleOf(int status) {
    return switch (status) {
      case 400 -> "Bad request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 413 -> "Content too large";
      case 415 -> "Unsupported media type";
      default -> status >= 500 ? "Internal error" : "Request refused";
    };
  }
}
