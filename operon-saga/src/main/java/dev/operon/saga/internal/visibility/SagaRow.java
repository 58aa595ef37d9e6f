package dev.operon.saga.internal.visibility;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.SagaBlock;
import dev.operon.saga.SagaState;
import dev.operon.saga.internal.history.Attr;
import dev.operon.saga.internal.history.SagaHistory;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a visibility store keeps of one saga after an append: its type, state, times, links, search
 * attributes and block, folded from the history the append produced.
 *
 * @param closedAt when it finished, if this append finished it (a store keeps the first close time
 *     while the saga stays finished, and clears it if a retried rollback re-opens it)
 * @param open whether recovery must look at it: not finished, or continued as new into a run that
 *     has not started yet (the store clears it once that run starts)
 * @param attributes its search attributes in their stored JSON form, or null if this append did
 *     not change them
 * @param continuedFrom the run this one continued, when this append started it
 * @param first whether this append started the saga (no row of it exists yet)
 * @param progressOnly whether the append changed nothing but the last event and its time (same
 *     state, block, links and search attributes): a store that reads a saga's last event from the
 *     event store itself (the JDBC one) then writes nothing
 */
public record SagaRow(
    String sagaId,
    String workflowType,
    SagaState state,
    boolean terminal,
    Instant startedAt,
    Instant closedAt,
    Instant lastProgressAt,
    long lastEventId,
    String parentSagaId,
    String continuedFrom,
    String continuedAs,
    String codeVersion,
    ObjectNode attributes,
    Optional<SagaBlock> blocked,
    boolean open,
    boolean first,
    boolean progressOnly) {

  /** The row of {@code after}, the history that appending {@code appended} to {@code before} produced. */
  public static SagaRow of(SagaHistory before, SagaHistory after, List<HistoryEvent> appended) {
    HistoryEvent started = after.started();
    HistoryEvent last = after.events().get(after.events().size() - 1);
    boolean terminal = after.terminal();
    boolean attributesChanged = !before.exists() || appended.stream()
        .anyMatch(e -> e.eventType() == EventType.SEARCH_ATTRIBUTES_UPSERTED);
    String continuedAs = after.continuedAs().orElse(null);
    return new SagaRow(after.sagaId(), after.workflowType(), after.state(), terminal, started.timestamp(),
        terminal && !before.terminal() ? last.timestamp() : null, last.timestamp(), after.lastEventId(),
        started.text(Attr.PARENT_SAGA_ID), before.exists() ? null : started.text(Attr.CONTINUED_FROM), continuedAs,
        started.text(Attr.CODE_VERSION), attributesChanged ? SearchAttributes.foldEncoded(after.events()) : null,
        after.blocked(), !terminal || continuedAs != null, !before.exists(),
        before.exists() && !attributesChanged && before.state() == after.state() && before.terminal() == terminal
            && before.blocked().equals(after.blocked()) && java.util.Objects.equals(before.continuedAs().orElse(null),
            continuedAs));
  }
}
