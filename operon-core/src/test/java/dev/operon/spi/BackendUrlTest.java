package dev.operon.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import org.junit.jupiter.api.Test;

class BackendUrlTest {
  @Test
  void schemeIsEverythingBeforeTheFirstColonInLowerCase() {
    BackendUrl url = BackendUrl.parse("Postgres://127.0.0.1:5432/test?user=postgres");
    assertThat(url.scheme()).isEqualTo("postgres");
    assertThat(url.rest()).isEqualTo("//127.0.0.1:5432/test?user=postgres");
    assertThat(url.raw()).isEqualTo("Postgres://127.0.0.1:5432/test?user=postgres");
  }

  @Test
  void fileUrlsKeepTheirPath() {
    assertThat(BackendUrl.parse("sqlite:./operon.db").rest()).isEqualTo("./operon.db");
    assertThat(BackendUrl.parse("fs:/var/lib/operon").rest()).isEqualTo("/var/lib/operon");
    assertThat(BackendUrl.parse("memory:").rest()).isEmpty();
  }

  @Test
  void aBareWordIsAScheme() {
    BackendUrl url = BackendUrl.parse("  local ");
    assertThat(url.scheme()).isEqualTo("local");
    assertThat(url.rest()).isEmpty();
    assertThat(BackendUrl.parse("POLL").scheme()).isEqualTo("poll");
  }

  @Test
  void blankOrMissingUrlIsAConfigurationError() {
    for (String blank : new String[] {null, "", "   "}) {
      assertThatThrownBy(() -> BackendUrl.parse(blank))
          .isInstanceOfSatisfying(OperonException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.CONFIGURATION);
            assertThat(e.getMessage()).contains("sqlite:").contains("postgres://");
          });
    }
  }

  @Test
  void passwordsAreRedacted() {
    assertThat(BackendUrl.parse("postgres://alice:s3cret@db:5432/app").redacted())
        .isEqualTo("postgres://alice:***@db:5432/app");
    assertThat(BackendUrl.parse("postgres://db:5432/app?user=alice&password=s3cret&ssl=true").redacted())
        .isEqualTo("postgres://db:5432/app?user=alice&password=***&ssl=true");
    assertThat(BackendUrl.parse("redis://:s3cret@cache:6379").toString())
        .isEqualTo("redis://:***@cache:6379").doesNotContain("s3cret");
    assertThat(BackendUrl.parse("nats://user:pw@nats:4222").toString()).doesNotContain("pw@");
  }

  @Test
  void urlsWithoutPasswordsAreUnchanged() {
    for (String raw : new String[] {
        "postgres://127.0.0.1:5432/test?user=postgres", "nats://127.0.0.1:4222", "sqlite:./a.db", "local"}) {
      assertThat(BackendUrl.parse(raw).redacted()).isEqualTo(raw);
    }
  }
}
