package dev.operon.documents.internal.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.operon.documents.Action;
import dev.operon.documents.ActionContext;
import dev.operon.documents.Attachment;
import dev.operon.documents.DocumentChange;
import dev.operon.documents.DocumentHeader;
import dev.operon.documents.Keyframe;
import dev.operon.documents.Operation;
import dev.operon.documents.OperationStore;
import dev.operon.documents.internal.CanonicalJson;
import dev.operon.documents.internal.Problems;
import dev.operon.documents.internal.StoreRules;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.jdbc.CapabilityTables;
import dev.operon.jdbc.EpochNanos;
import dev.operon.jdbc.JdbcDatabase;
import dev.operon.jdbc.dialect.SqlFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link OperationStore} of a SQLite or PostgreSQL database: tables {@code documents},
 * {@code document_operations} (unique per document, scope, branch and index, so two writers at one
 * revision cannot both win) and {@code document_keyframes}. An append reads what is stored from the
 * expected revision on and inserts the rest in one transaction; a writer that loses the race on an
 * index gets a revision mismatch.
 */
public final class JdbcOperationStore implements OperationStore {
  private static final String OPERATION_COLUMNS = "idx, op_id, skip, ts_ns, hash, error, action_id, action_type,"
      + " input, scope, context, action_version";

  private final CapabilityTables tables;
  private final String insertOperation;
  private final String selectSince;

  public JdbcOperationStore(JdbcDatabase database) {
    this.tables = CapabilityTables.migrate(database, "documents", JdbcOperationStore.class,
        "/dev/operon/documents/migrations/", ErrorKind.EVENT_STORE);
    this.insertOperation = tables.sql("INSERT INTO {p}document_operations (document_id, scope, branch, idx, op_id,"
        + " skip, ts_ns, hash, error, action_id, action_type, input, context, action_version)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    this.selectSince = tables.sql("SELECT " + OPERATION_COLUMNS + " FROM {p}document_operations"
        + " WHERE document_id = ? AND scope = ? AND branch = ? AND idx >= ? ORDER BY idx");
  }

  @Override
  public void create(DocumentHeader header) {
    tables.write(c -> {
      Optional<DocumentHeader> existing = header(c, header.id());
      if (existing.isPresent()) {
        if (!existing.get().equals(header)) {
          throw OperonException.of(ErrorKind.CONCURRENCY, "Document " + header.id() + " exists already, as a "
              + existing.get().documentType()).id(Problems.DOCUMENT, header.id()).retryable(false).build();
        }
        return null;
      }
      try (PreparedStatement st = c.prepareStatement(tables.sql("INSERT INTO {p}documents (id, document_type,"
          + " model_version, name, created_at_ns) VALUES (?, ?, ?, ?, ?)"))) {
        st.setString(1, header.id());
        st.setString(2, header.documentType());
        st.setInt(3, header.modelVersion());
        st.setString(4, header.name());
        st.setLong(5, EpochNanos.of(header.createdAt()));
        st.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public Optional<DocumentHeader> header(String documentId) {
    return tables.read(c -> header(c, documentId));
  }

  private Optional<DocumentHeader> header(Connection c, String documentId) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(tables.sql("SELECT id, document_type, model_version, name,"
        + " created_at_ns FROM {p}documents WHERE id = ?"))) {
      st.setString(1, documentId);
      try (ResultSet rows = st.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        return Optional.of(new DocumentHeader(rows.getString(1), rows.getString(2), rows.getInt(3), rows.getString(4),
            EpochNanos.instant(rows.getLong(5))));
      }
    }
  }

  @Override
  public List<Operation> apply(String documentId, String scope, String branch, int expectedRevision,
      List<Operation> operations) {
    return apply(documentId, scope, branch, expectedRevision, operations, null);
  }

  @Override
  public List<Operation> apply(String documentId, String scope, String branch, int expectedRevision,
      List<Operation> operations, Keyframe keyframe) {
    return tables.write(c -> {
      if (header(c, documentId).isEmpty()) {
        throw Problems.invalid(documentId, scope, expectedRevision, "There is no document " + documentId);
      }
      // one read gives the stored tail and the revision: from the operation before the expected revision on
      List<Operation> around = since(c, documentId, scope, branch, Math.max(0, expectedRevision - 1));
      int revision = around.isEmpty() ? (expectedRevision == 0 ? 0 : revision(c, documentId, scope, branch))
          : around.get(around.size() - 1).index() + 1;
      List<Operation> stored = expectedRevision > 0 && !around.isEmpty() ? around.subList(1, around.size()) : around;
      List<Operation> fresh = StoreRules.fresh(documentId, scope, branch, expectedRevision, operations, revision,
          stored);
      try {
        insert(c, documentId, scope, branch, fresh);
      } catch (SQLException e) {
        if (tables.dialect().classify(e) == SqlFailure.UNIQUE_VIOLATION) {
          throw Problems.revisionMismatch(documentId, scope, branch, expectedRevision, revision + 1);
        }
        throw e;
      }
      if (keyframe != null && !fresh.isEmpty()) {
        putKeyframe(c, keyframe);
      }
      List<Operation> result = new ArrayList<>(stored.subList(0, Math.min(stored.size(), operations.size())));
      result.addAll(fresh);
      return result;
    });
  }

  private void insert(Connection c, String documentId, String scope, String branch, List<Operation> operations)
      throws SQLException {
    PreparedStatement st = tables.reused(c, insertOperation);
    for (Operation operation : operations) {
      st.setString(1, documentId);
      st.setString(2, scope);
      st.setString(3, branch);
      st.setInt(4, operation.index());
      st.setString(5, operation.id());
      st.setInt(6, operation.skip());
      st.setLong(7, EpochNanos.of(operation.timestamp()));
      st.setString(8, operation.hash());
      st.setString(9, operation.error());
      st.setString(10, operation.action().id());
      st.setString(11, operation.action().type());
      st.setString(12, CanonicalJson.of(operation.action().input()));
      st.setString(13, operation.action().context().signed() || !operation.action().context().signatures().isEmpty()
          ? CanonicalJson.of(operation.action().context()) : null);
      st.setInt(14, operation.action().version());
      if (operations.size() == 1) {
        st.executeUpdate();
      } else {
        st.addBatch();
      }
    }
    if (operations.size() > 1) {
      st.executeBatch();
    }
  }

  @Override
  public void replaceFrom(String documentId, String scope, String branch, int fromRevision, int expectedRevision,
      List<Operation> operations) {
    tables.write(c -> {
      int revision = revision(c, documentId, scope, branch);
      if (revision != expectedRevision || fromRevision > expectedRevision || fromRevision < 0) {
        throw Problems.revisionMismatch(documentId, scope, branch, expectedRevision, revision);
      }
      StoreRules.fresh(documentId, scope, branch, fromRevision, operations, fromRevision, List.of());
      for (String table : new String[] {"document_operations", "document_keyframes"}) {
        String column = table.equals("document_operations") ? "idx >= ?" : "revision > ?";
        try (PreparedStatement st = c.prepareStatement(tables.sql("DELETE FROM {p}" + table
            + " WHERE document_id = ? AND scope = ? AND branch = ? AND " + column))) {
          st.setString(1, documentId);
          st.setString(2, scope);
          st.setString(3, branch);
          st.setInt(4, fromRevision);
          st.executeUpdate();
        }
      }
      insert(c, documentId, scope, branch, operations);
      return null;
    });
  }

  private int revision(Connection c, String documentId, String scope, String branch) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(tables.sql("SELECT COALESCE(MAX(idx) + 1, 0) FROM"
        + " {p}document_operations WHERE document_id = ? AND scope = ? AND branch = ?"))) {
      st.setString(1, documentId);
      st.setString(2, scope);
      st.setString(3, branch);
      try (ResultSet rows = st.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  @Override
  public List<Operation> getSince(String documentId, String scope, String branch, int revision) {
    return tables.read(c -> since(c, documentId, scope, branch, Math.max(0, revision)));
  }

  private List<Operation> since(Connection c, String documentId, String scope, String branch, int revision)
      throws SQLException {
    PreparedStatement st = tables.reused(c, selectSince);
    st.setString(1, documentId);
    st.setString(2, scope);
    st.setString(3, branch);
    st.setInt(4, revision);
    return operations(st);
  }

  @Override
  public List<Operation> getSinceTimestamp(String documentId, String scope, String branch, Instant since) {
    return tables.read(c -> {
      try (PreparedStatement st = c.prepareStatement(tables.sql("SELECT " + OPERATION_COLUMNS
          + " FROM {p}document_operations WHERE document_id = ? AND scope = ? AND branch = ? AND ts_ns >= ?"
          + " ORDER BY idx"))) {
        st.setString(1, documentId);
        st.setString(2, scope);
        st.setString(3, branch);
        st.setLong(4, EpochNanos.of(since));
        return operations(st);
      }
    });
  }

  @Override
  public Map<String, Integer> revisions(String documentId, String branch) {
    return tables.read(c -> {
      try (PreparedStatement st = c.prepareStatement(tables.sql("SELECT scope, MAX(idx) + 1 FROM"
          + " {p}document_operations WHERE document_id = ? AND branch = ? GROUP BY scope ORDER BY scope"))) {
        st.setString(1, documentId);
        st.setString(2, branch);
        Map<String, Integer> revisions = new LinkedHashMap<>();
        try (ResultSet rows = st.executeQuery()) {
          while (rows.next()) {
            revisions.put(rows.getString(1), rows.getInt(2));
          }
        }
        return revisions;
      }
    });
  }

  @Override
  public void putKeyframe(Keyframe keyframe) {
    tables.write(c -> {
      putKeyframe(c, keyframe);
      return null;
    });
  }

  private void putKeyframe(Connection c, Keyframe keyframe) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement(tables.sql("INSERT INTO {p}document_keyframes (document_id,"
        + " scope, branch, revision, model_version, hash, state, clipboard) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        + " ON CONFLICT (document_id, scope, branch, revision) DO UPDATE SET model_version = excluded.model_version,"
        + " hash = excluded.hash, state = excluded.state, clipboard = excluded.clipboard"))) {
      insert.setString(1, keyframe.documentId());
      insert.setString(2, keyframe.scope());
      insert.setString(3, keyframe.branch());
      insert.setInt(4, keyframe.revision());
      insert.setInt(5, keyframe.modelVersion());
      insert.setString(6, keyframe.hash());
      insert.setString(7, CanonicalJson.of(keyframe.state()));
      insert.setString(8, CanonicalJson.of(keyframe.clipboard()));
      insert.executeUpdate();
    }
  }

  @Override
  public Optional<Keyframe> keyframe(String documentId, String scope, String branch, int atMost, int modelVersion) {
    return tables.read(c -> {
      try (PreparedStatement st = c.prepareStatement(tables.sql("SELECT revision, hash, state, clipboard FROM"
          + " {p}document_keyframes WHERE document_id = ? AND scope = ? AND branch = ? AND revision <= ?"
          + " AND model_version = ? ORDER BY revision DESC LIMIT 1"))) {
        st.setString(1, documentId);
        st.setString(2, scope);
        st.setString(3, branch);
        st.setInt(4, atMost);
        st.setInt(5, modelVersion);
        try (ResultSet rows = st.executeQuery()) {
          if (!rows.next()) {
            return Optional.empty();
          }
          List<Action> clipboard = new ArrayList<>();
          for (JsonNode action : json(rows.getString(4))) {
            clipboard.add(CanonicalJson.mapper().treeToValue(action, Action.class));
          }
          return Optional.of(new Keyframe(documentId, scope, branch, rows.getInt(1), modelVersion, rows.getString(2),
              json(rows.getString(3)), clipboard));
        } catch (JsonProcessingException e) {
          throw OperonException.of(ErrorKind.CODEC, "The keyframe of document " + documentId + ", scope " + scope
              + " cannot be read: " + e.getMessage()).cause(e).build();
        }
      }
    });
  }

  @Override
  public void putAttachment(Attachment attachment) {
    tables.write(c -> {
      try (PreparedStatement st = c.prepareStatement(tables.sql("INSERT INTO {p}document_attachments (hash, mime_type,"
          + " file_name, extension, size, data) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING"))) {
        st.setString(1, attachment.hash());
        st.setString(2, attachment.mimeType());
        st.setString(3, attachment.fileName());
        st.setString(4, attachment.extension());
        st.setLong(5, attachment.size());
        st.setBytes(6, attachment.data());
        st.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public Optional<Attachment> attachment(String hash) {
    return tables.read(c -> {
      try (PreparedStatement st = c.prepareStatement(tables.sql("SELECT hash, mime_type, file_name, extension, size,"
          + " data FROM {p}document_attachments WHERE hash = ?"))) {
        st.setString(1, hash);
        try (ResultSet rows = st.executeQuery()) {
          if (!rows.next()) {
            return Optional.empty();
          }
          return Optional.of(new Attachment(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
              rows.getLong(5), rows.getBytes(6)));
        }
      }
    });
  }

  @Override
  public List<DocumentChange> changedSince(long after, int limit) {
    return tables.read(c -> {
      try (PreparedStatement st = c.prepareStatement(tables.sql("SELECT document_id, MAX(ordinal) FROM"
          + " (SELECT document_id, ordinal FROM {p}document_operations WHERE ordinal > ? ORDER BY ordinal LIMIT ?) w"
          + " GROUP BY document_id ORDER BY 2"))) {
        st.setLong(1, after);
        st.setInt(2, limit);
        List<DocumentChange> changes = new ArrayList<>();
        try (ResultSet rows = st.executeQuery()) {
          while (rows.next()) {
            changes.add(new DocumentChange(rows.getString(1), rows.getLong(2)));
          }
        }
        return changes;
      }
    });
  }

  private static List<Operation> operations(PreparedStatement st) throws SQLException {
    List<Operation> found = new ArrayList<>();
    try (ResultSet rows = st.executeQuery()) {
      while (rows.next()) {
        Instant at = EpochNanos.instant(rows.getLong(4));
        String context = rows.getString(11);
        Action action = new Action(rows.getString(7), rows.getString(8), rows.getString(10), json(rows.getString(9)),
            at, context == null ? ActionContext.NONE : context(context), rows.getInt(12));
        found.add(new Operation(rows.getString(2), rows.getInt(1), rows.getInt(3), at, rows.getString(5),
            rows.getString(6), action));
      }
    }
    return found;
  }

  private static ActionContext context(String json) {
    try {
      return CanonicalJson.mapper().readValue(json, ActionContext.class);
    } catch (JsonProcessingException e) {
      throw OperonException.of(ErrorKind.CODEC, "A stored action context cannot be read: " + e.getMessage()).cause(e)
          .build();
    }
  }

  private static JsonNode json(String text) {
    try {
      return CanonicalJson.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw OperonException.of(ErrorKind.CODEC, "A stored document value is not JSON: " + e.getMessage()).cause(e)
          .build();
    }
  }
}
