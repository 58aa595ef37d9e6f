package dev.operon.nats;

import dev.operon.queue.DeadLetter;
import dev.operon.queue.Task;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.api.Subject;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The dead-letter stream of one prefix (limits retention: dead letters stay until someone purges
 * them). Each dead letter is the task's payload with its id, reason, delivery count and publish
 * time as headers, on the subject {@code <prefix>.dlq.<queue>}.
 */
final class DeadLetterStream {
  private final JetStream jetStream;
  private final JetStreamManagement management;
  private final QueueNaming naming;

  DeadLetterStream(JetStream jetStream, JetStreamManagement management, QueueNaming naming) {
    this.jetStream = jetStream;
    this.management = management;
    this.naming = naming;
  }

  /**
   * Stores {@code task} as a dead letter and returns once JetStream stored it. Deduplicated by
   * task id within the stream's window, so a retry after a lost ack stores it once.
   */
  void put(Task task, int deliveries, String reason) {
    Headers headers = TaskHeaders.of(task.id(), task.publishedAt())
        .put(TaskHeaders.REASON, reason)
        .put(TaskHeaders.DELIVERIES, Integer.toString(deliveries))
        .put(TaskHeaders.MSG_ID, "dlq:" + task.queue() + ":" + task.id());
    NatsMessage message = NatsMessage.builder()
        .subject(naming.deadLetterSubject(task.queue()))
        .headers(headers).data(task.payload()).build();
    JetStreamCall.run("store a dead letter", task.queue(), () -> jetStream.publish(message));
  }

  /** How many dead letters {@code queue} has. */
  long count(String queue) {
    String subject = naming.deadLetterSubject(queue);
    List<Subject> subjects = JetStreamCall.run("count dead letters", queue,
        () -> management.getStreamInfo(naming.deadLetterStream(),
            StreamInfoOptions.filterSubjects(subject)).getStreamState().getSubjects());
    return subjects == null ? 0 : subjects.stream()
        .filter(s -> s.getName().equals(subject)).mapToLong(Subject::getCount).sum();
  }

  /** Up to {@code limit} dead letters of {@code queue}, oldest first. */
  List<DeadLetter> read(String queue, int limit) {
    return JetStreamCall.run("read dead letters", queue, () -> readFrom(queue, limit));
  }

  private List<DeadLetter> readFrom(String queue, int limit) throws IOException, JetStreamApiException {
    List<DeadLetter> letters = new ArrayList<>();
    long sequence = 1;
    while (letters.size() < limit) {
      MessageInfo info = next(sequence, naming.deadLetterSubject(queue));
      if (info == null) {
        break;
      }
      letters.add(toDeadLetter(queue, info));
      sequence = info.getSeq() + 1;
    }
    return letters;
  }

  private MessageInfo next(long sequence, String subject) throws IOException, JetStreamApiException {
    try {
      return management.getNextMessage(naming.deadLetterStream(), sequence, subject);
    } catch (JetStreamApiException e) {
      if (JetStreamCall.isNoMessage(e)) {
        return null;
      }
      throw e;
    }
  }

  private static DeadLetter toDeadLetter(String queue, MessageInfo info) {
    Headers headers = info.getHeaders();
    String id = headers == null ? null : headers.getFirst(TaskHeaders.TASK_ID);
    String reason = headers == null ? null : headers.getFirst(TaskHeaders.REASON);
    String deliveries = headers == null ? null : headers.getFirst(TaskHeaders.DELIVERIES);
    Instant deadAt = info.getTime().toInstant();
    byte[] payload = info.getData() == null ? new byte[0] : info.getData();
    return new DeadLetter(queue, id != null ? id : "seq-" + info.getSeq(), payload,
        deliveries == null ? 0 : Integer.parseInt(deliveries), reason == null ? "" : reason, deadAt);
  }
}
