package dev.operon.saga;

import dev.operon.error.OperonException;
import dev.operon.saga.internal.visibility.PageTokens;
import dev.operon.saga.internal.visibility.SearchAttributes;
import java.time.Instant;
import java.util.Arrays;
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
  private final String pageToken;
  private final boolean onlyBlocked;

  /**
   * Where a page starts, as a store reads it from a page token: after the saga that started at
   * {@code startedAt} with id {@code sagaId} (sagas are listed by start time, then id).
   */
  public record Cursor(Instant startedAt, String sagaId) {
    public Cursor {
      Objects.requireNonNull(startedAt, "startedAt");
      Objects.requireNonNull(sagaId, "sagaId");
    }

    /** The cursor just after {@code saga}. */
    public static Cursor after(SagaSummary saga) {
      return new Cursor(saga.startedAt(), saga.sagaId());
    }
  }

  private SagaQuery(Set<SagaState> states, String workflowType, Map<String, Object> searchAttributes,
      Instant startedFrom, Instant startedBefore, int limit, String pageToken, boolean onlyBlocked) {
    this.states = states;
    this.workflowType = workflowType;
    this.searchAttributes = searchAttributes;
    this.startedFrom = startedFrom;
    this.startedBefore = startedBefore;
    this.limit = limit;
    this.pageToken = pageToken;
    this.onlyBlocked = onlyBlocked;
  }

  /** Every saga, first page of {@value #DEFAULT_LIMIT}. */
  public static SagaQuery all() {
    return new SagaQuery(Set.of(), null, Map.of(), null, null, DEFAULT_LIMIT, null, false);
  }

  /** Only sagas in one of {@code values}. VALIDATION error naming {@code states} for a null state. */
  public SagaQuery states(SagaState... values) {
    if (values == null) {
      throw OperonException.invalid("states must be given, was null");
    }
    Set<SagaState> set = EnumSet.noneOf(SagaState.class);
    for (SagaState s : values) {
      if (s == null) {
        throw OperonException.invalid("states must not contain null, was " + Arrays.toString(values)
            + "; states are " + Arrays.toString(SagaState.values()));
      }
      set.add(s);
    }
    return new SagaQuery(Collections.unmodifiableSet(set), workflowType, searchAttributes, startedFrom,
        startedBefore, limit, pageToken, onlyBlocked);
  }

  /** Only sagas of workflow type {@code value}. */
  public SagaQuery workflowType(String value) {
    return new SagaQuery(states, Objects.requireNonNull(value, "workflowType"), searchAttributes, startedFrom,
        startedBefore, limit, pageToken, onlyBlocked);
  }

  /**
   * Only sagas whose search attribute {@code name} equals {@code value} (compared in its stored
   * type: an Integer matches a long attribute). VALIDATION error for a bad name or value type.
   */
  public SagaQuery searchAttribute(String name, Object value) {
    Map<String, Object> map = new LinkedHashMap<>(searchAttributes);
    map.put(SearchAttributes.checkedName(name), SearchAttributes.normalize(name, value));
    return new SagaQuery(states, workflowType, Collections.unmodifiableMap(map), startedFrom, startedBefore,
        limit, pageToken, onlyBlocked);
  }

  /** Only sagas started at or after {@code from} and before {@code before} (either may be null). */
  public SagaQuery startedBetween(Instant from, Instant before) {
    if (from != null && before != null && !from.isBefore(before)) {
      throw OperonException.invalid("startedBetween needs from < before, was " + from + " and " + before);
    }
    return new SagaQuery(states, workflowType, searchAttributes, from, before, limit, pageToken, onlyBlocked);
  }

  /** At most {@code value} sagas per page (1 to {@value #MAX_LIMIT}). */
  public SagaQuery limit(int value) {
    if (value < 1 || value > MAX_LIMIT) {
      throw OperonException.invalid("limit must be within 1.." + MAX_LIMIT + ", was " + value);
    }
    return new SagaQuery(states, workflowType, searchAttributes, startedFrom, startedBefore, value, pageToken,
        onlyBlocked);
  }

  /**
   * The page after the one that returned {@code token} as its {@link SagaPage#nextPageToken()}.
   * VALIDATION error naming {@code pageToken} here for something that is no page token at all, and
   * from {@link SagaEngine#list} for a token that store did not issue (another database or table
   * prefix, another in-memory store) or one that was changed.
   */
  public SagaQuery pageToken(String token) {
    return new SagaQuery(states, workflowType, searchAttributes, startedFrom, startedBefore, limit,
        PageTokens.requireWellFormed(token), onlyBlocked);
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

  /** The page token this page continues from, as given (the store that lists checks it); empty for a first page. */
  public Optional<String> pageToken() {
    return Optional.ofNullable(pageToken);
  }

  /**
   * Only sagas the engine cannot move (see {@link SagaBlock}): blocked by non-determinism or by an
   * activity no worker has registered.
   */
  public SagaQuery blocked() {
    return new SagaQuery(states, workflowType, searchAttributes, startedFrom, startedBefore, limit, pageToken,
        true);
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
