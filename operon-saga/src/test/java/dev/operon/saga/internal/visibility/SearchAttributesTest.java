package dev.operon.saga.internal.visibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.internal.history.EventFactory;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchAttributesTest {
  private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

  private static HistoryEvent upsert(Map<String, ?> values) {
    return new EventFactory(java.time.Clock.systemUTC()).searchAttributesUpserted("s", SearchAttributes.encode(values));
  }

  @Test
  void valuesKeepTheirTypeThroughTheEventAndLaterUpsertsReplaceOrRemove() {
    Map<String, Object> removal = new HashMap<>();
    removal.put("flag", null);
    removal.put("count", 7);
    Map<String, Object> folded = SearchAttributes.fold(List.of(
        upsert(Map.of("name", "x", "count", 3, "ratio", 1.5f, "flag", true, "at", T)),
        upsert(removal)));

    assertThat(folded).containsExactlyInAnyOrderEntriesOf(Map.of("name", "x", "count", 7L, "ratio", 1.5d, "at", T));
    assertThat(folded.get("count")).isInstanceOf(Long.class);
  }

  @Test
  void eventsOfOtherTypesChangeNothing() {
    HistoryEvent other = new EventFactory(java.time.Clock.systemUTC()).timer("s", EventType.TIMER_FIRED, "t");
    assertThat(SearchAttributes.fold(List.of(other))).isEmpty();
  }

  @Test
  void badNamesValuesAndEmptyUpsertsAreValidationErrorsNamingThem() {
    assertThatThrownBy(() -> SearchAttributes.encode(Map.of("1st", "x"))).hasMessageContaining("'1st'")
        .satisfies(e -> assertThat(((OperonException) e).kind()).isEqualTo(ErrorKind.VALIDATION));
    assertThatThrownBy(() -> SearchAttributes.encode(Map.of("tags", List.of("a"))))
        .hasMessageContaining("tags").hasMessageContaining("List");
    assertThatThrownBy(() -> SearchAttributes.encode(Map.of())).hasMessageContaining("at least one");
  }
}
