package com.example.shopping;

import dev.operon.documents.Action;
import dev.operon.documents.ActionSigning;
import dev.operon.documents.Documents;
import dev.operon.documents.Operation;
import dev.operon.documents.SignatureScheme;
import dev.operon.documents.Signer;
import java.security.KeyPair;
import java.time.Clock;

/** Someone editing shopping lists on one store, signing each change with their own key. */
public final class Shopper {
  private final String name;
  private final Documents documents;
  private final KeyPair keys = ActionSigning.newKeyPair(SignatureScheme.ECDSA_P256);
  private final Signer signer;
  private final Clock clock;

  public Shopper(String name, Documents documents, Clock clock) {
    this.name = name;
    this.documents = documents;
    this.clock = clock;
    this.signer = new Signer(name.toLowerCase(java.util.Locale.ROOT) + "@example.com", "", 0, "shopping",
        ActionSigning.encode(keys.getPublic()));
  }

  public String name() {
    return name;
  }

  public Documents documents() {
    return documents;
  }

  public Operation add(String list, String id, String item, int quantity) {
    return send(list, documents.action("ADD_ITEM", "global", new ShoppingLists.AddItem(id, item, quantity)));
  }

  public Operation putInBasket(String list, String id) {
    return send(list, documents.action("PUT_IN_BASKET", "global", new ShoppingLists.PutInBasket(id)));
  }

  public Operation undo(String list) {
    return send(list, Action.undo(java.util.UUID.randomUUID().toString(), "global", clock.instant()));
  }

  public ShoppingList list(String list) {
    return documents.state(list, ShoppingLists.GLOBAL);
  }

  /** Signs {@code action} with this shopper's key against the list as this store has it, and applies it. */
  public Operation send(String list, Action action) {
    Action signed = ActionSigning.sign(action, list, documents.hash(list, "global"), signer, keys.getPrivate(),
        clock.instant());
    return documents.dispatch(list, signed).get(0);
  }
}
