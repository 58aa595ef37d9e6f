package dev.operon.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Damages the newest snapshot of a stream in place, leaving its checksum as it was. */
final class SnapshotCorruption {
  private SnapshotCorruption() {}

  static void corrupt(JdbcDatabase database, String prefix, String stream) {
    String sql = "UPDATE " + prefix + "snapshots SET state = ? WHERE stream = ? AND last_event_id ="
        + " (SELECT MAX(last_event_id) FROM " + prefix + "snapshots WHERE stream = ?)";
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setBytes(1, new byte[] {'b', 'r', 'o', 'k', 'e', 'n'});
      statement.setString(2, stream);
      statement.setString(3, stream);
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
