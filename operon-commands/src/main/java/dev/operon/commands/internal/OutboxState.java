package dev.operon.commands.internal;

/** The states of an event in the event log: New, then Processed or Discarded, never changed again. */
public enum OutboxState {
  NEW(0),
  PROCESSED(1),
  DISCARDED(2);

  private final int code;

  OutboxState(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static OutboxState of(int code) {
    for (OutboxState state : values()) {
      if (state.code == code) {
        return state;
      }
    }
    throw new IllegalArgumentException("no event state " + code);
  }
}
