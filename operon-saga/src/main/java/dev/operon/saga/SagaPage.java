package dev.operon.saga;

import java.util.List;
import java.util.Optional;

/**
 * One page of a {@link SagaEngine#list} answer, oldest saga first.
 *
 * @param sagas the sagas of this page
 * @param nextPageToken pass it to {@link SagaQuery#pageToken} for the next page; empty on the last
 */
public record SagaPage(List<SagaSummary> sagas, Optional<String> nextPageToken) {}
