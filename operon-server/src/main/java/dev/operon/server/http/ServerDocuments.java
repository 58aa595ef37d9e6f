package dev.operon.server.http;

import dev.operon.documents.DocumentModel;
import dev.operon.documents.DocumentScope;
import java.util.ArrayList;
import java.util.List;

/**
 * The document type {@code operon server} serves out of the box: a checklist (scope {@code global})
 * whose items are added, checked and removed. Applications embedding the server register their own
 * models with {@code OperonHttp.builder().documents(...)}.
 */
public final class ServerDocuments {
  /** The document type's name. */
  public static final String TYPE = "checklist";

  /** An item: its id, text and whether it is checked. */
  public record Item(String id, String text, boolean checked) {}

  /** A checklist's state. */
  public record Checklist(List<Item> items) {
    static final Checklist EMPTY = new Checklist(List.of());

    Checklist with(Item item) {
      if (items.stream().anyMatch(i -> i.id().equals(item.id()))) {
        return this;
      }
      List<Item> all = new ArrayList<>(items);
      all.add(item);
      return new Checklist(List.copyOf(all));
    }

    Checklist checked(String id) {
      return new Checklist(items.stream().map(i -> i.id().equals(id) ? new Item(id, i.text(), true) : i).toList());
    }

    Checklist without(String id) {
      return new Checklist(items.stream().filter(i -> !i.id().equals(id)).toList());
    }
  }

  /** ADD_ITEM's input. */
  public record AddItem(String id, String text) {}

  /** CHECK_ITEM's and REMOVE_ITEM's input. */
  public record ItemId(String id) {}

  /** The checklist's one scope. */
  public static final DocumentScope<Checklist> GLOBAL = DocumentScope.of("global", Checklist.class, Checklist.EMPTY);

  /** The checklist document type. */
  public static final DocumentModel MODEL = DocumentModel.builder(TYPE).version(1).scope(GLOBAL)
      .action("ADD_ITEM", GLOBAL, AddItem.class, (list, add) -> list.with(new Item(add.id(), add.text(), false)),
          add -> {
            if (add.id() == null || add.id().isBlank() || add.text() == null || add.text().isBlank()) {
              throw new IllegalArgumentException("an item needs an id and a text");
            }
          })
      .action("CHECK_ITEM", GLOBAL, ItemId.class, (list, item) -> list.checked(item.id()))
      .action("REMOVE_ITEM", GLOBAL, ItemId.class, (list, item) -> list.without(item.id()))
      .build();

  private ServerDocuments() {}
}
