package dev.operon.documents;

import dev.operon.checkpoint.Checkpoints;
import dev.operon.error.OperonException;
import dev.operon.notify.ChangeNotifier;
import dev.operon.notify.Subscription;
import dev.operon.runtime.ClockedLoop;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this side's documents in sync with another side by itself: it follows both stores' writes
 * by their ordinal ({@link OperationStore#changedSince}) from positions kept in {@link Checkpoints}
 * (so a restart goes on where it stopped), and syncs every document either side wrote. It runs when
 * a writer announces a commit on {@link #CHANNEL} of one of its notifiers (a {@link Documents}
 * built with a notifier does so), and every period (5 s by default, ±10%) whatever happens, so a
 * lost announcement costs latency, never a change. Each round re-reads the last
 * {@link #LOOKBACK} ordinals before its positions, so a write that committed after a later one is
 * still seen. A document reaches the other side with its first operation.
 */
public final class DocumentSyncLoop implements AutoCloseable {
  /** The channel a {@link Documents} with a notifier announces its commits on. */
  public static final String CHANNEL = "operon.documents";
  static final int BATCH = 1_000;
  static final int LOOKBACK = 1_000;
  private static final Logger LOG = LoggerFactory.getLogger(DocumentSyncLoop.class);

  private final String name;
  private final Documents local;
  private final SyncChannel remote;
  private final DocumentSync sync;
  private final Checkpoints checkpoints;
  private final ClockedLoop loop;
  private final dev.operon.tracking.OperationTracker tracker;
  private final List<Subscription> subscriptions = new ArrayList<>();

  private DocumentSyncLoop(Builder builder) {
    this.name = builder.name;
    this.local = builder.local;
    this.remote = builder.remote;
    this.tracker = builder.tracker;
    this.sync = new DocumentSync(local, remote);
    this.checkpoints = Objects.requireNonNull(builder.checkpoints, "checkpoints");
    this.loop = new ClockedLoop("operon-document-sync-" + name, builder.clock, builder.period, 0.1, this::round);
    for (ChangeNotifier notifier : builder.notifiers) {
      subscriptions.add(notifier.subscribe(CHANNEL, loop::wake));
    }
    loop.wake();
  }

  public static Builder builder(String name, Documents local, SyncChannel remote) {
    return new Builder(name, local, remote);
  }

  /** Runs one round now, on the calling thread: every document either side wrote since the last round. */
  public synchronized int syncNow() {
    long mine = checkpoints.position(name + ".local");
    long theirs = checkpoints.position(name + ".remote");
    List<DocumentChange> localChanges = local.store().changedSince(Math.max(0, mine - LOOKBACK), BATCH);
    List<DocumentChange> remoteChanges = remote.changedSince(Math.max(0, theirs - LOOKBACK), BATCH);
    Set<String> documents = new LinkedHashSet<>();
    localChanges.forEach(change -> documents.add(change.documentId()));
    remoteChanges.forEach(change -> documents.add(change.documentId()));
    boolean failed = false;
    SyncRound round = new SyncRound(tracker, name, documents.size());
    for (String document : documents) {
      try {
        round.synced(document, sync.sync(document));
      } catch (OperonException e) {
        failed = true;
        round.failed(document, e);
        LOG.warn("Sync {} of document {} failed ({}); the next round tries again", name, document, e.getMessage());
      }
    }
    round.end();
    if (!failed) {
      localChanges.stream().mapToLong(DocumentChange::ordinal).max()
          .ifPresent(position -> checkpoints.save(name + ".local", position));
      remoteChanges.stream().mapToLong(DocumentChange::ordinal).max()
          .ifPresent(position -> checkpoints.save(name + ".remote", position));
    }
    if (!failed && (localChanges.size() >= BATCH || remoteChanges.size() >= BATCH)) {
      loop.wake();
    }
    return documents.size();
  }

  private void round() {
    syncNow();
  }

  @Override
  public void close() {
    subscriptions.forEach(Subscription::close);
    loop.close();
  }

  public static final class Builder {
    private final String name;
    private final Documents local;
    private final SyncChannel remote;
    private Checkpoints checkpoints;
    private final List<ChangeNotifier> notifiers = new ArrayList<>();
    private dev.operon.tracking.OperationTracker tracker;
    private Clock clock = Clock.systemUTC();
    private Duration period = Duration.ofSeconds(5);

    private Builder(String name, Documents local, SyncChannel remote) {
      if (name == null || name.isBlank()) {
        throw OperonException.invalid("A sync loop needs a name (its checkpoints are named after it)");
      }
      this.name = "documents-sync." + name;
      this.local = Objects.requireNonNull(local, "local");
      this.remote = Objects.requireNonNull(remote, "remote");
    }

    /** Where the loop keeps how far it has followed each side (a backend's {@code checkpoints()}). */
    public Builder checkpoints(Checkpoints checkpoints) {
      this.checkpoints = checkpoints;
      return this;
    }

    /** A notifier whose announcements on {@link #CHANNEL} wake the loop (either side's, or both). */
    public Builder notifier(ChangeNotifier notifier) {
      notifiers.add(Objects.requireNonNull(notifier, "notifier"));
      return this;
    }

    /**
     * Tracks each round that moves operations as an operation {@code Document.Sync}, tagged and
     * correlated by the loop's name ({@code documents-sync.<name>}): its progress is the share of
     * documents looked at, a document that fails leaves an Error event, and the round ends SUCCEEDED
     * (with what it pulled, pushed and merged) or FAILED. Rounds that find both sides in sync are
     * not tracked.
     */
    public Builder tracking(dev.operon.tracking.OperationTracker tracker) {
      this.tracker = java.util.Objects.requireNonNull(tracker, "tracker");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How often the loop runs without being woken (5 s by default). */
    public Builder period(Duration period) {
      this.period = Objects.requireNonNull(period, "period");
      return this;
    }

    public DocumentSyncLoop start() {
      if (checkpoints == null) {
        throw OperonException.invalid("Sync loop " + name + " needs checkpoints: builder.checkpoints(backend.checkpoints())");
      }
      return new DocumentSyncLoop(this);
    }
  }
}
