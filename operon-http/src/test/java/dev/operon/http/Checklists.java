package dev.operon.http;

import dev.operon.documents.DocumentModel;
import dev.operon.documents.DocumentScope;
import java.util.ArrayList;
import java.util.List;

/** A small document type for the tests: a checklist in scope global, plain or with signed actions only. */
final class Checklists {
  record Checklist(List<String> items) {
    static final Checklist EMPTY = new Checklist(List.of());

    Checklist with(String item) {
      List<String> items = new ArrayList<>(this.items);
      items.add(item);
      return new Checklist(List.copyOf(items));
    }

    Checklist without(String item) {
      return new Checklist(items.stream().filter(i -> !i.equals(item)).toList());
    }
  }

  record Add(String item) {}

  record Remove(String item) {}

  static final DocumentScope<Checklist> GLOBAL = DocumentScope.of("global", Checklist.class, Checklist.EMPTY);

  /** Plain checklists: any action goes. */
  static final DocumentModel PLAIN = model("checklist", false);
  /** Signed checklists: every action must be signed. */
  static final DocumentModel SIGNED = model("signed-checklist", true);

  private static DocumentModel model(String type, boolean signed) {
    DocumentModel.Builder builder = DocumentModel.builder(type).version(1).scope(GLOBAL)
        .action("ADD", GLOBAL, Add.class, (list, add) -> list.with(add.item()), add -> {
          if (add.item() == null || add.item().isBlank()) {
            throw new IllegalArgumentException("an item needs a text");
          }
        })
        .action("REMOVE", GLOBAL, Remove.class, (list, remove) -> list.without(remove.item()));
    return (signed ? builder.requireSignatures() : builder).build();
  }

  private Checklists() {}
}
