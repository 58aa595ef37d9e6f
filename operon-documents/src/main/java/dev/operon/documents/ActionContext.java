package dev.operon.documents;

import java.util.List;

/** What comes with an action besides its input: its signer and their signatures (the last one counts). */
public record ActionContext(Signer signer, List<ActionSignature> signatures) {
  public static final ActionContext NONE = new ActionContext(null, List.of());

  public ActionContext {
    signatures = signatures == null ? List.of() : List.copyOf(signatures);
  }

  public boolean signed() {
    return signer != null;
  }
}
