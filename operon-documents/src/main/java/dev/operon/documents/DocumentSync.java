package dev.operon.documents;

import dev.operon.documents.internal.AttachmentRefs;
import dev.operon.documents.internal.LoadedDocument;
import dev.operon.documents.internal.Problems;
import dev.operon.documents.internal.ScopeHistory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Syncs documents between this side's store and another side ({@link SyncChannel}). Per scope it
 * starts from the revision both sides agreed on last time (checked, and forgotten if either side
 * has rewritten it), skips what they share, and then:
 *
 * <ul>
 *   <li>if only this side has new operations, it sends them; if only the other side has, it
 *       replays them here (every hash and signature checked, so a tampered one is refused by
 *       document, scope and index, and nothing is stored) and stores them;
 *   <li>if both have, it merges: the new operations of both sides, interleaved by timestamp (then
 *       by id) with each side's own order kept, are applied again from the point where the sides
 *       diverged (an undo that has nothing
 *       left to undo is kept as a failed operation), and both sides replace their divergent tail
 *       with the result. Both compute the same merge from the same operations, so they converge to
 *       the same hashes.
 * </ul>
 *
 * Attachments the sent or received operations refer to go along. A side that changes while a sync
 * runs makes it fail with a CONCURRENCY error; running it again is safe.
 */
public final class DocumentSync {
  private final Documents local;
  private final SyncChannel remote;
  private final Map<String, Integer> agreed = new ConcurrentHashMap<>();

  public DocumentSync(Documents local, SyncChannel remote) {
    this.local = local;
    this.remote = remote;
  }

  /** Syncs every scope of {@code documentId} on the main branch both ways. */
  public SyncResult sync(String documentId) {
    return sync(documentId, Documents.MAIN);
  }

  public SyncResult sync(String documentId, String branch) {
    OperationStore store = local.store();
    DocumentHeader header = store.header(documentId).or(() -> remote.header(documentId)).orElseThrow(() ->
        Problems.invalid(documentId, "header", 0, "Neither side has a document " + documentId));
    if (store.header(documentId).isEmpty()) {
      store.create(header);
    }
    if (remote.header(documentId).isEmpty()) {
      remote.create(header);
    }
    DocumentModel model = local.model(header.documentType(), documentId);
    SyncResult result = SyncResult.NOTHING;
    for (DocumentScope<?> scope : model.scopes()) {
      result = result.plus(syncScope(store, header, model, branch, scope));
    }
    return result;
  }

  private SyncResult syncScope(OperationStore store, DocumentHeader header, DocumentModel model, String branch,
      DocumentScope<?> scope) {
    String id = header.id();
    String key = id + "\u0000" + scope.name() + "\u0000" + branch;
    int start = agreed.getOrDefault(key, 0);
    List<Operation> mine = store.getSince(id, scope.name(), branch, Math.max(0, start - 1));
    List<Operation> theirs = remote.operationsSince(id, scope.name(), branch, Math.max(0, start - 1));
    if (start > 0 && (mine.isEmpty() || theirs.isEmpty() || !same(mine.get(0), theirs.get(0)))) {
      start = 0;
      mine = store.getSince(id, scope.name(), branch, 0);
      theirs = remote.operationsSince(id, scope.name(), branch, 0);
    } else if (start > 0) {
      mine = mine.subList(1, mine.size());
      theirs = theirs.subList(1, theirs.size());
    }
    int common = 0;
    while (common < mine.size() && common < theirs.size() && same(mine.get(common), theirs.get(common))) {
      if (!mine.get(common).equals(theirs.get(common))) {
        throw Problems.invalid(id, scope.name(), mine.get(common).index(), "Operation " + mine.get(common).index()
            + " of document " + id + ", scope " + scope.name() + " has the same id and hash on both sides but not"
            + " the same action: one side's copy was changed; nothing was synced");
      }
      common++;
    }
    int fork = start + common;
    List<Operation> myTail = mine.subList(common, mine.size());
    List<Operation> theirTail = theirs.subList(common, theirs.size());
    SyncResult result;
    if (myTail.isEmpty() && theirTail.isEmpty()) {
      result = SyncResult.NOTHING;
    } else if (theirTail.isEmpty()) {
      copyAttachments(myTail, true);
      remote.append(id, scope.name(), branch, fork, myTail);
      result = new SyncResult(0, myTail.size(), 0);
    } else if (myTail.isEmpty()) {
      verified(store, header, model, branch, scope, fork, theirTail);
      copyAttachments(theirTail, false);
      store.apply(id, scope.name(), branch, fork, theirTail);
      result = new SyncResult(theirTail.size(), 0, 0);
    } else {
      verified(store, header, model, branch, scope, fork, theirTail);
      int from = Math.max(0, Math.min(firstUndone(myTail), firstUndone(theirTail)));
      List<Operation> merged = merge(store, header, model, branch, scope, fork, myTail, theirTail,
          store.getSince(id, scope.name(), branch, from), remote.operationsSince(id, scope.name(), branch, from));
      copyAttachments(myTail, true);
      copyAttachments(theirTail, false);
      store.replaceFrom(id, scope.name(), branch, fork, start + mine.size(), merged);
      remote.replaceFrom(id, scope.name(), branch, fork, start + theirs.size(), merged);
      result = new SyncResult(0, 0, merged.size());
    }
    agreed.put(key, fork + Math.max(myTail.size(), Math.max(theirTail.size(), result.merged())));
    return result;
  }

  private static boolean same(Operation a, Operation b) {
    return a.id().equals(b.id()) && a.hash().equals(b.hash()) && a.index() == b.index();
  }

  /** Replays the other side's operations on this side's history at the fork: hashes and signatures checked. */
  private static void verified(OperationStore store, DocumentHeader header, DocumentModel model, String branch,
      DocumentScope<?> scope, int fork, List<Operation> operations) {
    SyncEndpoint.replayed(store, header, model, branch, scope, fork, operations);
  }

  /**
   * Both tails' actions applied again from the fork. Each side's tail is cut into runs: a change
   * and the undos and redos right after it. Runs are interleaved by the timestamp (then id) of
   * their first operation while each side keeps its own order, as in the merge step of a merge
   * sort, so an undo stays right behind the change it undid. An undo undoes the operation it undid
   * where it was made, or nothing (kept as a failed operation) if another change is the last one.
   */
  private static List<Operation> merge(OperationStore store, DocumentHeader header, DocumentModel model, String branch,
      DocumentScope<?> scope, int fork, List<Operation> myTail, List<Operation> theirTail,
      List<Operation> myHistory, List<Operation> theirHistory) {
    Comparator<Operation> earlier = Comparator.comparing(Operation::timestamp).thenComparing(Operation::id);
    List<List<Operation>> mine = runs(myTail);
    List<List<Operation>> theirs = runs(theirTail);
    List<Operation> ordered = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < mine.size() || j < theirs.size()) {
      List<Operation> next;
      if (j >= theirs.size() || (i < mine.size() && earlier.compare(mine.get(i).get(0), theirs.get(j).get(0)) <= 0)) {
        next = mine.get(i++);
      } else {
        next = theirs.get(j++);
      }
      ordered.addAll(next);
    }
    java.util.Map<String, String> undone = new java.util.HashMap<>();
    undoneBy(myTail, myHistory, undone);
    undoneBy(theirTail, theirHistory, undone);
    ScopeHistory history = LoadedDocument.load(store, header, model, branch, scope, fork);
    java.util.Set<String> seen = new java.util.HashSet<>();
    List<Operation> merged = new ArrayList<>();
    for (Operation operation : ordered) {
      if (!seen.add(operation.id())) {
        continue;
      }
      ScopeHistory.Step step = history.nextMerged(intent(operation.action()), undone.get(operation.id()));
      history.accept(step);
      merged.add(step.operation());
    }
    return merged;
  }

  /** A tail cut into runs: each change with the undos, redos and failed undos that follow it. */
  private static List<List<Operation>> runs(List<Operation> tail) {
    List<List<Operation>> runs = new ArrayList<>();
    for (Operation operation : tail) {
      String type = operation.action().type();
      boolean follower = type.equals(Action.NOOP) || type.equals(Action.REDO) || type.equals(Action.UNDO);
      if (runs.isEmpty() || !follower) {
        runs.add(new ArrayList<>());
      }
      runs.get(runs.size() - 1).add(operation);
    }
    return runs;
  }

  /** The lowest index an undo of {@code tail} undid (its NOOP's index minus its skip), or MAX_VALUE. */
  private static int firstUndone(List<Operation> tail) {
    int first = Integer.MAX_VALUE;
    for (Operation operation : tail) {
      if (operation.action().type().equals(Action.NOOP)) {
        first = Math.min(first, operation.index() - operation.skip());
      }
    }
    return first;
  }

  /**
   * For each undo (NOOP) of a side's tail, the id of the operation it undid in that side's
   * history ({@code history}: that side's operations from some index on, by index).
   */
  private static void undoneBy(List<Operation> tail, List<Operation> history, java.util.Map<String, String> undone) {
    if (history.isEmpty()) {
      return;
    }
    int offset = history.get(0).index();
    for (Operation operation : tail) {
      if (operation.action().type().equals(Action.NOOP)) {
        int target = operation.index() - operation.skip() - offset;
        if (target >= 0 && target < history.size()) {
          undone.put(operation.id(), history.get(target).id());
        }
      }
    }
  }

  /** What a stored operation's action asked for: an undo for a NOOP, a redo without its carried action. */
  private static Action intent(Action stored) {
    return switch (stored.type()) {
      case Action.NOOP -> new Action(stored.id(), Action.UNDO, stored.scope(), null, stored.timestamp(),
          stored.context());
      case Action.REDO -> new Action(stored.id(), Action.REDO, stored.scope(), null, stored.timestamp(),
          stored.context());
      default -> stored;
    };
  }

  private void copyAttachments(List<Operation> operations, boolean toRemote) {
    for (String hash : AttachmentRefs.in(operations)) {
      if (toRemote && remote.attachment(hash).isEmpty()) {
        local.store().attachment(hash).ifPresent(remote::putAttachment);
      } else if (!toRemote && local.store().attachment(hash).isEmpty()) {
        remote.attachment(hash).ifPresent(local.store()::putAttachment);
      }
    }
  }
}
