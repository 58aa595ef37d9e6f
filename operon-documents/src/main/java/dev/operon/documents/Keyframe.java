package dev.operon.documents;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * The state of a scope after its first {@code revision} operations, stored so that loading a
 * document starts there instead of replaying its whole history. It records the model version whose
 * reducers made it: a keyframe of another version is never trusted. The clipboard (the actions
 * undone since the last change, the last undone first) comes with it, so a redo after a load works.
 */
public record Keyframe(String documentId, String scope, String branch, int revision, int modelVersion, String hash,
    JsonNode state, List<Action> clipboard) {
  public Keyframe {
    Objects.requireNonNull(documentId, "documentId");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(state, "state");
    clipboard = List.copyOf(clipboard);
  }
}
