package dev.operon.notify;

/** A live subscription; closing it stops the wake-ups. */
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
