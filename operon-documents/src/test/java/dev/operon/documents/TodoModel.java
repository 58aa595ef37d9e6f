package dev.operon.documents;

import java.util.ArrayList;
import java.util.List;

/** A small document type for the tests: a to-do list in scope global, a draft note in scope local. */
final class TodoModel {
  record Todo(String id, String text, boolean done) {}

  record TodoList(List<Todo> items) {
    static final TodoList EMPTY = new TodoList(List.of());

    TodoList with(Todo todo) {
      List<Todo> items = new ArrayList<>(this.items);
      items.add(todo);
      return new TodoList(List.copyOf(items));
    }

    TodoList toggled(String id) {
      if (items.stream().noneMatch(t -> t.id().equals(id))) {
        throw new IllegalStateException("no to-do " + id);
      }
      return new TodoList(items.stream().map(t -> t.id().equals(id) ? new Todo(id, t.text(), !t.done()) : t).toList());
    }

    TodoList without(String id) {
      return new TodoList(items.stream().filter(t -> !t.id().equals(id)).toList());
    }
  }

  record Note(String text) {}

  record AddTodo(String id, String text) {}

  record ToggleTodo(String id) {}

  record RemoveTodo(String id) {}

  record SetNote(String text) {}

  static final DocumentScope<TodoList> GLOBAL = DocumentScope.of("global", TodoList.class, TodoList.EMPTY);
  static final DocumentScope<Note> LOCAL = DocumentScope.of("local", Note.class, new Note(""));

  static DocumentModel model(HashAlgorithm hash) {
    return builder(hash).build();
  }

  /** The same document type, every action of which must be signed. */
  static DocumentModel signed() {
    return builder(HashAlgorithm.SHA_1).requireSignatures().build();
  }

  private static DocumentModel.Builder builder(HashAlgorithm hash) {
    return DocumentModel.builder("todo-list").version(1).hash(hash)
        .scope(GLOBAL)
        .scope(LOCAL)
        .action("ADD_TODO", GLOBAL, AddTodo.class, (list, add) -> list.with(new Todo(add.id(), add.text(), false)),
            add -> {
              if (add.text() == null || add.text().isBlank()) {
                throw new IllegalArgumentException("the text of a to-do is blank");
              }
            })
        .action("TOGGLE_TODO", GLOBAL, ToggleTodo.class, (list, toggle) -> list.toggled(toggle.id()))
        .action("REMOVE_TODO", GLOBAL, RemoveTodo.class, (list, remove) -> list.without(remove.id()))
        .action("SET_NOTE", LOCAL, SetNote.class, (note, set) -> new Note(set.text()));
  }

  static final DocumentModel MODEL = model(HashAlgorithm.SHA_1);

  private TodoModel() {}
}
