package dev.operon.jdbc.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.spi.BackendUrl;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What each dialect says the adapter may rely on; the adapter asks these, never which database it is. */
class DialectCapabilitiesTest {

  @Test
  void sqliteIsOneWriterInAFileThatPolls() {
    Dialect sqlite = Dialects.of(BackendUrl.parse("sqlite:data/operon.db"));
    assertThat(sqlite.singleWriter()).isTrue();
    assertThat(sqlite.arrayParameters()).isFalse();
    assertThat(sqlite.transactionIds()).isFalse();
    assertThat(sqlite.listenNotify()).isFalse();
    assertThat(sqlite.file()).contains(Path.of("data/operon.db").toAbsolutePath().normalize());
    assertThat(sqlite.connectionInitSql()).contains("PRAGMA wal_autocheckpoint=10000");
  }

  @Test
  void postgresIsAServerWithManyWritersArraysTransactionIdsAndListenNotify() {
    Dialect postgres = Dialects.of(BackendUrl.parse("postgres://127.0.0.1:5432/test?user=operon"));
    assertThat(postgres.singleWriter()).isFalse();
    assertThat(postgres.arrayParameters()).isTrue();
    assertThat(postgres.transactionIds()).isTrue();
    assertThat(postgres.listenNotify()).isTrue();
    assertThat(postgres.file()).isEmpty();
    assertThat(postgres.connectionInitSql()).isEmpty();
  }
}
