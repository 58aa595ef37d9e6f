package dev.operon.jdbc.internal;

/**
 * Puts the configured table prefix into SQL: every {@code {p}} in a statement becomes the prefix,
 * so that every table, index and sequence name carries it.
 */
public record Tables(String prefix) {

  /** {@code sql} with every {@code {p}} replaced by the prefix. */
  public String sql(String sql) {
    return sql.replace("{p}", prefix);
  }

  /** The prefixed name of {@code table}. */
  public String name(String table) {
    return prefix + table;
  }
}
