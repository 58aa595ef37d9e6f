package dev.operon.commands;

/** What storing an operation event does when an event with the same id is in the event log already. */
public enum ConflictStrategy {
  /** Fails the operation's commit (the default): event ids are meant to be unique. */
  FAIL,
  /** Keeps the stored event and drops this one: with a time-bucketed id, a dedup within the bucket. */
  SKIP,
  /** Replaces the stored event's value and due time while it is still new; a processed one stays. */
  UPDATE
}
