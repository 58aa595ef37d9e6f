package dev.operon.documents;

import dev.operon.error.OperonException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A scope of a document type: its name ({@code global}, {@code local}, {@code public} or any
 * other), the type of its state and the state a new document starts with. States are immutable
 * values (records, say): a reducer returns a new state and never changes the one it was given,
 * because undo goes back to earlier states as they were.
 */
public record DocumentScope<S>(String name, Class<S> stateType, S initial) {
  /** The scope every document has: its metadata. */
  public static final String HEADER = "header";
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}");

  public DocumentScope {
    Objects.requireNonNull(stateType, "stateType");
    Objects.requireNonNull(initial, "initial");
    if (name == null || !NAME.matcher(name).matches()) {
      throw OperonException.invalid("A scope name is 1 to 63 lower-case letters, digits, '_' or '-', starting with"
          + " a letter; was '" + name + "'");
    }
    if (name.equals(HEADER)) {
      throw OperonException.invalid("Scope 'header' is every document's own (its metadata); give this scope another"
          + " name");
    }
  }

  public static <S> DocumentScope<S> of(String name, Class<S> stateType, S initial) {
    return new DocumentScope<>(name, stateType, initial);
  }
}
