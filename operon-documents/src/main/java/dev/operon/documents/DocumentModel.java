package dev.operon.documents;

import dev.operon.error.OperonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A document type built in code: its scopes with their typed states, and per action type a
 * validator and a pure reducer. The version names the reducers' behaviour: a keyframe (a stored
 * state) made with another version is never trusted and is rebuilt from the operations.
 *
 * <pre>{@code
 * static final DocumentScope<TodoList> GLOBAL = DocumentScope.of("global", TodoList.class, TodoList.EMPTY);
 * static final DocumentModel MODEL = DocumentModel.builder("todo-list").version(1)
 *     .scope(GLOBAL)
 *     .action("ADD_TODO", GLOBAL, AddTodo.class, (list, add) -> list.with(add.text()),
 *         add -> { if (add.text().isBlank()) throw new IllegalArgumentException("text is blank"); })
 *     .build();
 * }</pre>
 */
public final class DocumentModel {
  private final String documentType;
  private final int version;
  private final HashAlgorithm hashAlgorithm;
  private final Map<String, DocumentScope<?>> scopes;
  private final Map<String, ActionDefinition<?, ?>> actions;
  private final boolean signaturesRequired;

  private DocumentModel(Builder builder) {
    this.signaturesRequired = builder.signaturesRequired;
    this.documentType = builder.documentType;
    this.version = builder.version;
    this.hashAlgorithm = builder.hashAlgorithm;
    this.scopes = Map.copyOf(builder.scopes);
    this.actions = Map.copyOf(builder.actions);
  }

  public static Builder builder(String documentType) {
    return new Builder(documentType);
  }

  public String documentType() {
    return documentType;
  }

  public int version() {
    return version;
  }

  public HashAlgorithm hashAlgorithm() {
    return hashAlgorithm;
  }

  public Collection<DocumentScope<?>> scopes() {
    return scopes.values();
  }

  public Optional<DocumentScope<?>> scope(String name) {
    return Optional.ofNullable(scopes.get(name));
  }

  public Optional<ActionDefinition<?, ?>> action(String type) {
    return Optional.ofNullable(actions.get(type));
  }

  /** Whether every action (undo and redo included) must be signed. */
  public boolean signaturesRequired() {
    return signaturesRequired;
  }

  public static final class Builder {
    private final String documentType;
    private int version = 1;
    private HashAlgorithm hashAlgorithm = HashAlgorithm.SHA_1;
    private final Map<String, DocumentScope<?>> scopes = new LinkedHashMap<>();
    private final Map<String, ActionDefinition<?, ?>> actions = new LinkedHashMap<>();
    private final Map<String, List<UnaryOperator<JsonNode>>>
        upcasters = new LinkedHashMap<>();
    private boolean signaturesRequired;

    private Builder(String documentType) {
      if (documentType == null || documentType.isBlank()) {
        throw OperonException.invalid("A document type needs a name, was '" + documentType + "'");
      }
      this.documentType = documentType;
    }

    /** The version of the reducers (1 by default); raise it when their behaviour changes. */
    public Builder version(int version) {
      if (version < 1) {
        throw OperonException.invalid("The version of document type " + documentType + " must be at least 1, was "
            + version);
      }
      this.version = version;
      return this;
    }

    /** The digest of the state hashes (SHA-1 by default). */
    public Builder hash(HashAlgorithm algorithm) {
      this.hashAlgorithm = Objects.requireNonNull(algorithm, "algorithm");
      return this;
    }

    /**
     * Requires every action to be signed ({@link ActionSigning}): an unsigned one, one signed by
     * another key than its signer's, or one whose input was changed after signing is refused, when
     * dispatched and when loaded or received alike. Signed actions are checked whether or not this
     * is set.
     */
    public Builder requireSignatures() {
      this.signaturesRequired = true;
      return this;
    }

    public Builder scope(DocumentScope<?> scope) {
      if (scopes.putIfAbsent(scope.name(), scope) != null) {
        throw OperonException.invalid("Document type " + documentType + " has scope '" + scope.name() + "' twice");
      }
      return this;
    }

    public <S, I> Builder action(String type, DocumentScope<S> scope, Class<I> inputType,
        ActionReducer<S, I> reducer) {
      return action(type, scope, inputType, reducer, null);
    }

    public <S, I> Builder action(String type, DocumentScope<S> scope, Class<I> inputType,
        ActionReducer<S, I> reducer, InputValidator<? super I> validator) {
      if (type == null || type.isBlank() || type.equals(Action.UNDO) || type.equals(Action.REDO)
          || type.equals(Action.NOOP) || type.equals(Action.UNDO_OWN)) {
        throw OperonException.invalid("Action type '" + type + "' of document type " + documentType
            + " is blank or built in (UNDO, REDO, NOOP, UNDO_OWN)");
      }
      if (!scopes.containsKey(scope.name())) {
        scope(scope);
      } else if (!scopes.get(scope.name()).equals(scope)) {
        throw OperonException.invalid("Action " + type + " of document type " + documentType
            + " names a scope '" + scope.name() + "' other than the one registered under that name");
      }
      if (actions.putIfAbsent(type, new ActionDefinition<>(type, scope, inputType, validator, reducer, null)) != null) {
        throw OperonException.invalid("Document type " + documentType + " has action " + type + " twice");
      }
      return this;
    }

    /**
     * Adds the next version of action {@code type}'s input: {@code upcaster} turns an input of the
     * version before into one of this version, which the reducer reads. Operations stored with an
     * older version are upgraded on read, one upcaster after another; an upcaster must lead the
     * reducer to the same state as the old input did, since the stored hashes are checked.
     */
    public Builder upcast(String type, UnaryOperator<JsonNode> upcaster) {
      if (!actions.containsKey(type)) {
        throw OperonException.invalid("Document type " + documentType + " has no action " + type + " to upcast");
      }
      upcasters.computeIfAbsent(type, t -> new ArrayList<>()).add(Objects.requireNonNull(upcaster, "upcaster"));
      return this;
    }

    public DocumentModel build() {
      if (scopes.isEmpty()) {
        throw OperonException.invalid("Document type " + documentType + " has no scope");
      }
      upcasters.forEach((type, list) -> {
        ActionDefinition<?, ?> definition = actions.get(type);
        actions.put(type, withUpcasters(definition, list));
      });
      return new DocumentModel(this);
    }

    private static <S, I> ActionDefinition<S, I> withUpcasters(ActionDefinition<S, I> definition,
        List<UnaryOperator<JsonNode>> list) {
      return new ActionDefinition<>(definition.type(), definition.scope(), definition.inputType(),
          definition.validator(), definition.reducer(), list);
    }
  }
}
