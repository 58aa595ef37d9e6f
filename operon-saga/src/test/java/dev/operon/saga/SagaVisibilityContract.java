package dev.operon.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.eventstore.NewEvent;
import dev.operon.jdbc.JdbcDatabase;
import dev.operon.runtime.ManualClock;
import dev.operon.saga.internal.visibility.SagaRow;
import dev.operon.saga.internal.visibility.SagaVisibilities;
import dev.operon.saga.internal.visibility.SagaVisibility;
import dev.operon.saga.internal.visibility.jdbc.JdbcSagaVisibility;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The visibility store behind list and recovery, on one backend: rows as appends write them,
 * queries with keyset pagination, the open sagas recovery looks at.
 */
abstract class SagaVisibilityContract extends SagaBackendTest {
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  SagaVisibility store() {
    return SagaVisibilities.forEventStore(ports.events());
  }

  static SagaRow row(String id, SagaState state, Instant startedAt, long lastEventId, ObjectNode attributes) {
    boolean terminal = state.terminal(false);
    return new SagaRow(id, "OrderSaga", state, terminal, startedAt, terminal ? startedAt.plusSeconds(lastEventId) : null,
        startedAt.plusSeconds(lastEventId), lastEventId, null, null, null, null, attributes, Optional.empty(), !terminal, false, false);
  }

  static ObjectNode attribute(String name, String type, Object value) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    ObjectNode typed = node.putObject(name).put("type", type);
    if (value instanceof Long l) {
      typed.put("value", l);
    } else {
      typed.put("value", String.valueOf(value));
    }
    return node;
  }

  @Test
  void pagesOfSagasStartedAtTheSameInstantHoldEachOnceInIdOrder() {
    SagaVisibility store = store();
    List<String> ids = List.of("s-e", "s-a", "s-d", "s-b", "s-c");
    ids.forEach(id -> store.record(row(id, SagaState.PAUSED, T0, 2, JsonNodeFactory.instance.objectNode())));

    List<String> listed = new ArrayList<>();
    SagaQuery query = SagaQuery.all().limit(2);
    int pages = 0;
    while (true) {
      SagaPage page = store.list(query);
      pages++;
      page.sagas().forEach(s -> listed.add(s.sagaId()));
      if (page.nextPageToken().isEmpty()) {
        break;
      }
      query = query.pageToken(page.nextPageToken().get());
    }
    assertThat(pages).isEqualTo(3);
    assertThat(listed).containsExactly("s-a", "s-b", "s-c", "s-d", "s-e");
  }

  @Test
  void aPageTokenThatWasChangedOrIsNoTokenAtAllIsAValidationError() {
    SagaVisibility store = store();
    for (int i = 0; i < 3; i++) {
      store.record(row("t-" + i, SagaState.PAUSED, T0.plusSeconds(i), 2, JsonNodeFactory.instance.objectNode()));
    }
    String token = store.list(SagaQuery.all().limit(1)).nextPageToken().orElseThrow();
    String changedCheck = token.substring(0, token.length() - 1) + (token.endsWith("a") ? "b" : "a");
    String[] parts = token.split("\\.");
    String content = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String changedCursor = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(content.replace("t-0", "t-1").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    for (String bad : Arrays.asList(changedCheck, changedCursor, "42", "v1.abc.def", "", null)) {
      assertInvalid(() -> store.list(SagaQuery.all().limit(1).pageToken(bad)), "pageToken");
    }
    assertThat(store.list(SagaQuery.all().limit(1).pageToken(token)).sagas()).extracting(SagaSummary::sagaId)
        .as("the token unchanged").containsExactly("t-1");
  }

  @Test
  void aPageTokenAnotherStoreIssuedIsAValidationError() throws Exception {
    SagaVisibility store = store();
    Ports otherPorts = open(new ManualClock());
    try {
      SagaVisibility other = SagaVisibilities.forEventStore(otherPorts.events());
      for (int i = 0; i < 3; i++) {
        store.record(row("s-" + i, SagaState.PAUSED, T0.plusSeconds(i), 2, JsonNodeFactory.instance.objectNode()));
        other.record(row("s-" + i, SagaState.PAUSED, T0.plusSeconds(i), 2, JsonNodeFactory.instance.objectNode()));
      }
      String foreign = other.list(SagaQuery.all().limit(1)).nextPageToken().orElseThrow();
      assertInvalid(() -> store.list(SagaQuery.all().limit(1).pageToken(foreign)), "pageToken");
      assertThat(other.list(SagaQuery.all().limit(1).pageToken(foreign)).sagas()).extracting(SagaSummary::sagaId)
          .as("the token where it was issued").containsExactly("s-1");
    } finally {
      otherPorts.closer().close();
    }
  }

  @Test
  void aPageTokenIsGoodForEveryOpeningOfTheSameStore() {
    SagaVisibility store = store();
    for (int i = 0; i < 3; i++) {
      store.record(row("p-" + i, SagaState.PAUSED, T0.plusSeconds(i), 2, JsonNodeFactory.instance.objectNode()));
    }
    String token = store.list(SagaQuery.all().limit(1)).nextPageToken().orElseThrow();
    // on a database, as another process opens it (in memory, the one store of the event store)
    SagaVisibility again = JdbcDatabase.owning(ports.events()).<SagaVisibility>map(JdbcSagaVisibility::new)
        .orElseGet(this::store);
    assertThat(again.list(SagaQuery.all().limit(1).pageToken(token)).sagas()).extracting(SagaSummary::sagaId)
        .containsExactly("p-1");
  }

  @Test
  void aQueryOnANullStateOrASearchAttributeOfAnUnsupportedTypeIsAValidationErrorNamingIt() {
    SagaVisibility store = store();
    store.record(row("q-1", SagaState.PAUSED, T0, 2, attribute("amount", "long", 5L)));
    assertInvalid(() -> store.list(SagaQuery.all().states(SagaState.PAUSED, null)), "states");
    assertInvalid(() -> store.list(SagaQuery.all().states((SagaState[]) null)), "states");
    assertInvalid(() -> store.list(SagaQuery.all().searchAttribute("amount", new BigDecimal("5"))), "'amount'",
        "java.math.BigDecimal");
    assertInvalid(() -> store.list(SagaQuery.all().searchAttribute("placed", LocalDate.of(2030, 1, 1))), "'placed'",
        "java.time.LocalDate");
    assertInvalid(() -> store.list(SagaQuery.all().searchAttribute("amount", null)), "'amount'");
    assertThat(store.list(SagaQuery.all().searchAttribute("amount", 5)).sagas()).extracting(SagaSummary::sagaId)
        .as("the same attribute in a supported type").containsExactly("q-1");
  }

  /** Asserts that {@code call} fails with a VALIDATION error whose message names each of {@code names}. */
  static void assertInvalid(ThrowingCallable call, String... names) {
    assertThatThrownBy(call).isInstanceOfSatisfying(OperonException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION)).hasMessageContainingAll(names);
  }

  @Test
  void aTransitionThatOnlyMovesASagaOnShowsItsNewLastEventAndItsTime() {
    SagaVisibility store = store();
    Instant started = clock.instant();
    byte[] payload = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ports.events().append("m-1", 0, List.of(new NewEvent("Started", payload), new NewEvent("Scheduled", payload)));
    store.record(new SagaRow("m-1", "OrderSaga", SagaState.RUNNING, false, started, null, started, 2, null, null,
        null, null, JsonNodeFactory.instance.objectNode(), Optional.empty(), true, true, false));

    clock.advance(java.time.Duration.ofSeconds(5));
    ports.events().append("m-1", 2, List.of(new NewEvent("Completed", payload)));
    store.record(new SagaRow("m-1", "OrderSaga", SagaState.RUNNING, false, started, null, clock.instant(), 3, null,
        null, null, null, null, Optional.empty(), true, false, true));

    SagaSummary moved = store.get("m-1").orElseThrow();
    assertThat(moved.lastEventId()).isEqualTo(3);
    assertThat(moved.lastProgressAt()).isEqualTo(clock.instant());
    assertThat(moved.state()).isEqualTo(SagaState.RUNNING);
    assertThat(store.list(SagaQuery.all()).sagas()).singleElement()
        .satisfies(listed -> assertThat(listed.lastEventId()).isEqualTo(3))
        .satisfies(listed -> assertThat(listed.lastProgressAt()).isEqualTo(clock.instant()));
  }

  @Test
  void aRowNeverGoesBackToAnOlderAppendAndKeepsItsFirstCloseTime() {
    SagaVisibility store = store();
    store.record(row("r-1", SagaState.COMPLETED, T0, 8, JsonNodeFactory.instance.objectNode()));
    store.record(row("r-1", SagaState.PAUSED, T0, 5, JsonNodeFactory.instance.objectNode()));
    SagaSummary completed = store.get("r-1").orElseThrow();
    assertThat(completed.state()).isEqualTo(SagaState.COMPLETED);
    assertThat(completed.lastEventId()).isEqualTo(8);
    assertThat(completed.closedAt()).contains(T0.plusSeconds(8));

    // a later append that leaves it finished keeps the first close time
    store.record(new SagaRow("r-1", "OrderSaga", SagaState.COMPLETED, true, T0, null, T0.plusSeconds(9), 9, null,
        null, null, null, null, Optional.empty(), false, false, false));
    assertThat(store.get("r-1").orElseThrow().closedAt()).contains(T0.plusSeconds(8));
    assertThat(store.open(null, 10)).doesNotContain("r-1");
  }

  @Test
  void searchAttributesMatchInTheirTypeOnly() {
    SagaVisibility store = store();
    store.record(row("a-long", SagaState.PAUSED, T0, 2, attribute("tier", "long", 5L)));
    store.record(row("a-text", SagaState.PAUSED, T0.plusSeconds(1), 2, attribute("tier", "string", "5")));
    assertThat(store.list(SagaQuery.all().searchAttribute("tier", 5)).sagas()).extracting(SagaSummary::sagaId)
        .containsExactly("a-long");
    assertThat(store.list(SagaQuery.all().searchAttribute("tier", "5")).sagas()).extracting(SagaSummary::sagaId)
        .containsExactly("a-text");
    assertThat(store.get("a-long").orElseThrow().searchAttributes()).containsEntry("tier", 5L);
  }

  @Test
  void aRunThatContinuedAsNewStaysOpenForRecoveryUntilItsNextRunStarts() {
    SagaVisibility store = store();
    store.record(new SagaRow("run-1", "BatchSaga", SagaState.COMPLETED, true, T0, T0.plusSeconds(3),
        T0.plusSeconds(3), 6, null, null, "run-2", null, JsonNodeFactory.instance.objectNode(), Optional.empty(), true, false, false));
    store.record(row("live", SagaState.RUNNING, T0, 1, JsonNodeFactory.instance.objectNode()));
    store.record(row("done", SagaState.CANCELLED, T0, 9, JsonNodeFactory.instance.objectNode()));
    assertThat(store.open(null, 10)).containsExactly("live", "run-1");
    assertThat(store.open("live", 10)).containsExactly("run-1");

    store.record(new SagaRow("run-2", "BatchSaga", SagaState.RUNNING, false, T0.plusSeconds(3), null,
        T0.plusSeconds(3), 1, null, "run-1", null, null, JsonNodeFactory.instance.objectNode(), Optional.empty(), true, false, false));
    assertThat(store.open(null, 10)).containsExactly("live", "run-2");
  }

  @Test
  void aRowWrittenInATransactionThatRollsBackIsGoneWithIt() {
    org.junit.jupiter.api.Assumptions.assumeTrue(ports.transactor().atomic(), "the backend has transactions");
    SagaVisibility store = store();
    assertThatThrownBy(() -> ports.transactor().inTransaction(() -> {
      store.record(row("gone", SagaState.RUNNING, T0, 1, JsonNodeFactory.instance.objectNode()));
      assertThat(store.get("gone")).as("visible inside its transaction").isPresent();
      throw new IllegalStateException("the append failed");
    })).hasMessageContaining("the append failed");
    assertThat(store.get("gone")).isEmpty();
    assertThat(store.open(null, 10)).doesNotContain("gone");
  }

  @Test
  void filtersCombineAndPagesFollowThemToTheEnd() {
    SagaVisibility store = store();
    for (int i = 0; i < 30; i++) {
      SagaState state = i % 3 == 0 ? SagaState.COMPLETED : SagaState.PAUSED;
      store.record(row(String.format("f-%02d", i), state, T0.plus(Duration.ofMinutes(i)), i % 3 == 0 ? 8 : 2,
          attribute("customer", "string", i % 2 == 0 ? "alice" : "bob")));
    }
    SagaQuery query = SagaQuery.all().states(SagaState.PAUSED).searchAttribute("customer", "alice")
        .startedBetween(T0.plus(Duration.ofMinutes(4)), T0.plus(Duration.ofMinutes(25))).limit(3);
    List<String> found = new ArrayList<>();
    while (true) {
      SagaPage page = store.list(query);
      page.sagas().forEach(s -> found.add(s.sagaId()));
      if (page.nextPageToken().isEmpty()) {
        break;
      }
      query = query.pageToken(page.nextPageToken().get());
    }
    // even i in [4, 25) not divisible by 3: 4, 8, 10, 14, 16, 20, 22
    assertThat(found).containsExactly("f-04", "f-08", "f-10", "f-14", "f-16", "f-20", "f-22");
  }
}
