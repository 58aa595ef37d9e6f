package dev.operon.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class ServicesTest {
  @Test
  void urlsPointAtTheLocalServices() {
    assertThat(Services.postgresUrl()).isEqualTo("postgres://127.0.0.1:5432/test?user=postgres");
    assertThat(Services.natsUrl()).isEqualTo("nats://127.0.0.1:4222");
    assertThat(Services.redisUrl()).isEqualTo("redis://127.0.0.1:6379");
  }

  @Test
  void reachableOnlyWhileSomethingListens() throws IOException {
    int port;
    try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      port = server.getLocalPort();
      assertThat(Services.reachable(port)).isTrue();
    }
    assertThat(Services.reachable(port)).isFalse();
  }

  @Test
  void summaryNamesThePortOfAContractClass() {
    abstract class Local extends EventStoreContract {}
    assertThat(ContractSummary.portOf(Local.class)).isEqualTo("EventStore");
    assertThat(ContractSummary.portOf(String.class)).isEqualTo("Unknown");
  }
}
