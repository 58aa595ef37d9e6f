package com.example.shopping;

import com.example.shopping.ShoppingList.Item;
import dev.operon.documents.DocumentModel;
import dev.operon.documents.DocumentScope;

/**
 * A shared shopping list as an Operon document: items are added, put in the basket and removed by
 * pure reducers; every action must be signed by its author's key.
 */
public final class ShoppingLists {
  /** The document type's name. */
  public static final String TYPE = "shopping-list";

  /** The list everyone shares. */
  public static final DocumentScope<ShoppingList> GLOBAL = DocumentScope.of("global", ShoppingList.class,
      ShoppingList.EMPTY);

  /** Add {@code quantity} of {@code name}, as item {@code id}. */
  public record AddItem(String id, String name, int quantity) {}

  /** Item {@code id} went into the basket. */
  public record PutInBasket(String id) {}

  /** Item {@code id} is not needed after all. */
  public record RemoveItem(String id) {}

  public static final DocumentModel MODEL = DocumentModel.builder(TYPE).version(1)
      .scope(GLOBAL)
      .action("ADD_ITEM", GLOBAL, AddItem.class,
          (list, add) -> list.add(new Item(add.id(), add.name(), add.quantity(), false)),
          add -> {
            if (add.name() == null || add.name().isBlank()) {
              throw new IllegalArgumentException("an item needs a name");
            }
            if (add.quantity() < 1) {
              throw new IllegalArgumentException("the quantity must be at least 1, was " + add.quantity());
            }
          })
      .action("PUT_IN_BASKET", GLOBAL, PutInBasket.class, (list, put) -> list.put(put.id()))
      .action("REMOVE_ITEM", GLOBAL, RemoveItem.class, (list, remove) -> list.remove(remove.id()))
      .requireSignatures()
      .build();

  private ShoppingLists() {}
}
