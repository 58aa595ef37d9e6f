package dev.operon.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {
  @Test
  void sqlitePathBecomesAJdbcUrl() {
    assertThat(JdbcUrls.of("sqlite:./data/x.db")).contains("jdbc:sqlite:./data/x.db");
    assertThat(JdbcUrls.of("sqlite:///tmp/x.db?cache=shared")).contains("jdbc:sqlite:/tmp/x.db");
  }

  @Test
  void postgresUrlKeepsItsParametersAndMovesCredentials() {
    assertThat(JdbcUrls.of("postgres://127.0.0.1:5432/test?user=postgres"))
        .contains("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    assertThat(JdbcUrls.of("postgresql://bob:s3cret@db:5433/app"))
        .contains("jdbc:postgresql://db:5433/app?user=bob&password=s3cret");
  }

  @Test
  void otherStoresHaveNoJdbcUrl() {
    assertThat(JdbcUrls.of("memory:")).isEmpty();
  }
}
