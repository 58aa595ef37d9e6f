package dev.operon.nats;

/**
 * Names of the JetStream streams, subjects and consumers that hold the queues of one table prefix.
 * Tasks of queue {@code q} live on {@code <prefix>.tasks.q}, delayed tasks on
 * {@code <prefix>.delayed.q} (both in the task stream), dead letters on {@code <prefix>.dlq.q} in
 * the dead-letter stream.
 */
record QueueNaming(String prefix) {

  String taskStream() {
    return "OPERON_TASKS_" + prefix;
  }

  String deadLetterStream() {
    return "OPERON_DLQ_" + prefix;
  }

  String taskSubjects() {
    return prefix + ".tasks.>";
  }

  String delayedSubjects() {
    return prefix + ".delayed.>";
  }

  String deadLetterSubjects() {
    return prefix + ".dlq.>";
  }

  String taskSubject(String queue) {
    return prefix + ".tasks." + queue;
  }

  String delayedSubject(String queue) {
    return prefix + ".delayed." + queue;
  }

  String deadLetterSubject(String queue) {
    return prefix + ".dlq." + queue;
  }

  /** Durable consumer of the ready tasks of {@code queue}. */
  String taskConsumer(String queue) {
    return "tasks_" + durableSafe(queue);
  }

  /** Durable consumer that releases the delayed tasks of {@code queue} when they are due. */
  String delayedConsumer(String queue) {
    return "delayed_" + durableSafe(queue);
  }

  /** Consumer names may not contain '.': escape '_' as "__" and '.' as "_d" (one-to-one). */
  private static String durableSafe(String queue) {
    return queue.replace("_", "__").replace(".", "_d");
  }
}
