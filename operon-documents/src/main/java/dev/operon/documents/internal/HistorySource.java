package dev.operon.documents.internal;

import dev.operon.documents.Keyframe;
import dev.operon.documents.Operation;
import java.util.List;
import java.util.Optional;

/** Where a scope's window fetches the operations and keyframes it no longer (or never did) hold. */
public interface HistorySource {

  /** The operations with indexes from {@code from} (inclusive) to {@code to} (exclusive), by index. */
  List<Operation> operations(int from, int to);

  /** The newest usable keyframe at or below revision {@code atMost}. */
  Optional<Keyframe> keyframe(int atMost);

  /** A source with nothing before the window (a history held whole in memory). */
  HistorySource NONE = new HistorySource() {
    @Override
    public List<Operation> operations(int from, int to) {
      throw new IllegalStateException("operations " + from + " to " + to + " are not held and there is no store");
    }

    @Override
    public Optional<Keyframe> keyframe(int atMost) {
      return Optional.empty();
    }
  };
}
