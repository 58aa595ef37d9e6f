package com.example.shopping;

import java.util.ArrayList;
import java.util.List;

/** The state of a shopping list's global scope: its items, in the order they were added. */
public record ShoppingList(List<Item> items) {
  public static final ShoppingList EMPTY = new ShoppingList(List.of());

  /** One thing to buy, and whether it is in the basket already. */
  public record Item(String id, String name, int quantity, boolean inBasket) {}

  ShoppingList add(Item item) {
    if (items.stream().anyMatch(i -> i.id().equals(item.id()))) {
      throw new IllegalStateException("item " + item.id() + " is on the list already");
    }
    List<Item> next = new ArrayList<>(items);
    next.add(item);
    return new ShoppingList(List.copyOf(next));
  }

  ShoppingList put(String id) {
    if (items.stream().noneMatch(i -> i.id().equals(id))) {
      throw new IllegalStateException("no item " + id + " on the list");
    }
    return new ShoppingList(items.stream()
        .map(i -> i.id().equals(id) ? new Item(id, i.name(), i.quantity(), true) : i).toList());
  }

  ShoppingList remove(String id) {
    return new ShoppingList(items.stream().filter(i -> !i.id().equals(id)).toList());
  }
}
