package dev.operon.saga;

import dev.operon.error.OperonException;
import dev.operon.saga.internal.SearchAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which sagas {@link SagaEngine#list} returns: every condition set must hold. Immutable; each
 * method returns a new query. Start with {@link #all()}.
 *
 * <pre>{@code
 * SagaPage page = engine.list(SagaQuery.all().states(SagaState.PAUSED).workflowType("OrderSaga")
 *     .searchAttribute("customer", "alice").limit(50));
 * }</pre>
 */
public final class SagaQuery {
  /** The largest page. */
  public static final int MAX_LIMIT = 1000;
  /** The page size unless {@link #limit} says otherwise. */
  public static final int DEFAULT_LIMIT = 100;

  private final Set<SagaState> states;
  private final String workflowType;
  private final Map<String, Object> searchAttributes;
  private final Instant startedFrom;
  private final Instant startedBefore;
  private final int limit;
  private final long after;
  private final Duration awaitCatchUp;
  private final boolean onlyBlocked;

  private SagaQuery(Set<SagaState> states, String workflowType, Map<String, Object> searchAttributes,
      Instant startedFrom, Instant startedBefore, int limit, long after, Duration awaitCatchUp, boolean onlyBlocked) {
    this.states = states;
    this.workflowType = workflowType;
    this.searchAttributes = searchAttributes;
    this.startedFrom = startedFrom;
    this.startedBefore = startedBefore;
    this.limit = limit;
    this.after = after;
    this.awaitCatchUp = awaitCatchUp;
    this.onlyBlocked = onlyBlocked;
  }

  /** Every saga, first page of {@value #DEFAULT_LIMIT}. */
  public static SagaQuery all() {
    return new SagaQuery(Set.of(), null, Map.of(), null, null, DEFAULT_LIMIT, 0, Duration.ZERO, false);
  }

  /** Only sagas in one of {@code values}. */
  public SagaQuery states(SagaState... values) {
    Set<SagaState> set = EnumSet.noneOf(SagaState.class);
    for (SagaState s : values) {
      set.add(Objects.requireNonNull(s, "state"));
    }
    return new SagaQuery(Collections.unmodifiableSet(set), workflowType, searchAttributes, startedFrom,
        startedBefore, limit, after, awaitCatchUp, onlyBlocked);
  }

  /** Only sagas of workflow type {@code value}. */
  public SagaQuery workflowType(String value) {
    return new SagaQuery(states, Objects.requireNonNull(value, "workflowType"), searchAttributes, startedFrom,
        startedBefore, limit, after, awaitCatchUp, onlyBlocked);
  }

  /**
   * Only sagas whose search attribute {@code name} equals {@code value} (compared in its stored
   * type: an Integer matches a long attribute). VALIDATION error for a bad name or value type.
   */
  public SagaQuery searchAttribute(String name, Object value) {
    Map<String, Object> map = new LinkedHashMap<>(searchAttributes);
    map.put(SearchAttributes.checkedName(name), SearchAttributes.normalize(name, value));
    return new SagaQuery(states, workflowType, Collections.unmodifiableMap(map), startedFrom, startedBefore,
        limit, after, awaitCatchUp, onlyBlocked);
  }

  /** Only sagas started at or after {@code from} and before {@code before} (either may be null). */
  public SagaQuery startedBetween(Instant from, Instant before) {
    if (from != null && before != null && !from.isBefore(before)) {
      throw OperonException.invalid("startedBetween needs from < before, was " + from + " and " + before);
    }
    return new SagaQuery(states, workflowType, searchAttributes, from, before, limit, after, awaitCatchUp, onlyBlocked);
  }

  /** At most {@code value} sagas per page (1 to {@value #MAX_LIMIT}). */
  public SagaQuery limit(int value) {
    if (value < 1 || value > MAX_LIMIT) {
      throw OperonException.invalid("limit must be within 1.." + MAX_LIMIT + ", was " + value);
    }
    return new SagaQuery(states, workflowType, searchAttributes, startedFrom, startedBefore, value, after,
        awaitCatchUp, onlyBlocked);
  }

  /** The page after the one that returned {@code token} as its {@link SagaPage#nextPageToken()}. */
  public SagaQuery pageToken(String token) {
    long position;
    try {
      position = Long.parseLong(Objects.requireNonNull(token, "token"));
    } catch (NumberFormatException e) {
      throw OperonException.invalid("Not a page token of SagaEngine.list: '" + token + "'");
    }
    if (position < 0) {
      throw OperonException.invalid("Not a page token of SagaEngine.list: '" + token + "'");
    }
    return new SagaQuery(states, workflowType, searchAttributes, startedFrom, startedBefore, limit, position,
        awaitCatchUp, onlyBlocked);
  }

  /**
   * Before answering, wait up to {@code timeout} until the index has seen every event this engine
   * appended before the call (read your own writes). The index follows the event store's global
   * log, which on PostgreSQL lags behind transactions still open anywhere on the server; without
   * this, a saga this engine just started may be missing from the answer. Default zero: answer
   * from what the index has seen after one read of the log.
   */
  public SagaQuery awaitCatchUp(Duration timeout) {
    if (timeout == null || timeout.isNegative()) {
      throw OperonException.invalid("awaitCatchUp must be zero or positive, was " + timeout);
    }
    return new SagaQuery(states, workflowType, searchAttributes, startedFrom, startedBefore, limit, after, timeout, onlyBlocked);
  }

  /** The states asked for (empty: any). */
  public Set<SagaState> states() {
    return states;
  }

  /** The workflow type asked for, if any. */
  public Optional<String> workflowType() {
    return Optional.ofNullable(workflowType);
  }

  /** The search attribute values asked for, by name. */
  public Map<String, Object> searchAttributes() {
    return searchAttributes;
  }

  /** The earliest start time asked for, if any. */
  public Optional<Instant> startedFrom() {
    return Optional.ofNullable(startedFrom);
  }

  /** The start time sagas must precede, if any. */
  public Optional<Instant> startedBefore() {
    return Optional.ofNullable(startedBefore);
  }

  /** The page size. */
  public int limit() {
    return limit;
  }

  /** The index position after which this page starts (0: first page). */
  public long after() {
    return after;
  }

  /** How long to wait for the index to include this engine's own writes. */
  public Duration awaitCatchUp() {
    return awaitCatchUp;
  }

  /**
   * Only sagas the engine cannot move (see {@link SagaBlock}): blocked by non-determinism or by an
   * activity no worker has registered.
   */
  public SagaQuery blocked() {
    return new SagaQuery(states, workflowType, searchAttributes, startedFrom, startedBefore, limit, after,
        awaitCatchUp, true);
  }

  /** Whether the query asks only for blocked sagas. */
  public boolean onlyBlocked() {
    return onlyBlocked;
  }

  /** Whether {@code saga} meets every condition of this query (ignores paging). */
  public boolean matches(SagaSummary saga) {
    return (!onlyBlocked || saga.blocked().isPresent())
        && (states.isEmpty() || states.contains(saga.state()))
        && (workflowType == null || workflowType.equals(saga.workflowType()))
        && (startedFrom == null || !saga.startedAt().isBefore(startedFrom))
        && (startedBefore == null || saga.startedAt().isBefore(startedBefore))
        && searchAttributes.entrySet().stream()
            .allMatch(e -> e.getValue().equals(saga.searchAttributes().get(e.getKey())));
  }
}
