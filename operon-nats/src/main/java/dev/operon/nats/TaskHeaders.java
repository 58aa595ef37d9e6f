package dev.operon.nats;

import dev.operon.queue.Task;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.time.Instant;

/** The headers a task carries in JetStream, and how a delivered message becomes a {@link Task}. */
final class TaskHeaders {
  static final String TASK_ID = "Operon-Task-Id";
  static final String PUBLISHED_AT = "Operon-Published-At";
  static final String NOT_BEFORE = "Operon-Not-Before";
  static final String REASON = "Operon-Reason";
  static final String DELIVERIES = "Operon-Deliveries";
  /** JetStream's own dedup header: a second message with the same id within the window is dropped. */
  static final String MSG_ID = "Nats-Msg-Id";

  private TaskHeaders() {}

  static Headers of(String taskId, Instant publishedAt) {
    return new Headers()
        .put(TASK_ID, taskId)
        .put(PUBLISHED_AT, Long.toString(publishedAt.toEpochMilli()));
  }

  /** The task a delivered message stands for; the delivery number is JetStream's own count. */
  static Task toTask(String queue, Message message) {
    long delivered = message.metaData().deliveredCount();
    return new Task(queue, taskId(message), data(message), (int) delivered,
        publishedAt(message), message.getReplyTo());
  }

  /** The task id header, or a stable id from the stream sequence for a foreign message. */
  static String taskId(Message message) {
    String id = header(message, TASK_ID);
    return id != null ? id : "seq-" + message.metaData().streamSequence();
  }

  static Instant publishedAt(Message message) {
    Instant at = instant(message.getHeaders(), PUBLISHED_AT);
    return at != null ? at : message.metaData().timestamp().toInstant();
  }

  static Instant instant(Headers headers, String name) {
    String value = headers == null ? null : headers.getFirst(name);
    return value == null ? null : Instant.ofEpochMilli(Long.parseLong(value));
  }

  static String header(Message message, String name) {
    Headers headers = message.getHeaders();
    return headers == null ? null : headers.getFirst(name);
  }

  private static byte[] data(Message message) {
    byte[] data = message.getData();
    return data == null ? new byte[0] : data;
  }
}
