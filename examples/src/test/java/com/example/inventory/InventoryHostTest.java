package com.example.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.spi.Backend;
import dev.operon.spi.Backends;
import dev.operon.testkit.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example as its README shows it: two hosts on one database, a stock change on one seen on the other. */
class InventoryHostTest {
  @TempDir Path dir;

  @Test
  void aStockChangeOnOneHostInvalidatesTheStockKeptOnTheOther() {
    List<StockChanged> heard = new CopyOnWriteArrayList<>();
    try (Backend store = Backends.open("sqlite:" + dir.resolve("inventory.db"));
        Backend signalsA = Backends.open("fs:" + dir.resolve("signals"));
        Backend signalsB = Backends.open("fs:" + dir.resolve("signals"));
        InventoryHost a = new InventoryHost("host-a", store, signalsA.notifier(), heard::add);
        InventoryHost b = new InventoryHost("host-b", store, signalsB.notifier(), heard::add)) {
      b.adjust("pen", 10);
      assertThat(b.stock("pen")).isEqualTo(10);
      assertThat(b.stock("pen")).isEqualTo(10);
      assertThat(b.computations()).as("the second read is the kept result").isEqualTo(1);

      assertThat(a.adjust("pen", -3)).isEqualTo(7);

      Eventually.eventually(Duration.ofSeconds(10), () -> assertThat(b.stock("pen")).isEqualTo(7));
      assertThat(b.computations()).isEqualTo(2);
      Eventually.eventually(Duration.ofSeconds(10), () ->
          assertThat(heard).contains(new StockChanged("pen", 10), new StockChanged("pen", 7)));
    }
  }
}
