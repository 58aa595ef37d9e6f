package com.example.shopping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.shopping.ShoppingList.Item;
import dev.operon.documents.Action;
import dev.operon.documents.DocumentSync;
import dev.operon.documents.Documents;
import dev.operon.documents.OperationStore;
import dev.operon.documents.OperationStores;
import dev.operon.documents.SyncChannel;
import dev.operon.runtime.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Two shoppers edit one list on their own stores, concurrently, and a sync brings them together. */
class ShoppingListTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T09:00:00Z"));

  @Test
  void twoShoppersEditConcurrentlyAndConvergeAfterASync() {
    OperationStore aliceStore = OperationStores.inMemory();
    OperationStore bobStore = OperationStores.inMemory();
    Shopper alice = new Shopper("Alice", Documents.builder().store(aliceStore).model(ShoppingLists.MODEL)
        .clock(clock).build(), clock);
    Shopper bob = new Shopper("Bob", Documents.builder().store(bobStore).model(ShoppingLists.MODEL)
        .clock(clock).build(), clock);
    alice.documents().create("weekend", ShoppingLists.TYPE, "Weekend");
    DocumentSync sync = new DocumentSync(alice.documents(), SyncChannel.of(bobStore));
    sync.sync("weekend");

    alice.add("weekend", "milk", "milk", 2);
    clock.advance(Duration.ofSeconds(1));
    bob.add("weekend", "eggs", "eggs", 12);
    clock.advance(Duration.ofSeconds(1));
    bob.add("weekend", "jam", "jam", 1);
    bob.undo("weekend");
    clock.advance(Duration.ofSeconds(1));
    alice.putInBasket("weekend", "milk");

    sync.sync("weekend");

    assertThat(alice.list("weekend")).isEqualTo(bob.list("weekend"));
    assertThat(alice.list("weekend").items()).containsExactly(new Item("milk", "milk", 2, true),
        new Item("eggs", "eggs", 12, false));
    assertThat(alice.documents().hash("weekend", "global")).isEqualTo(bob.documents().hash("weekend", "global"));
  }

  @Test
  void anUnsignedChangeOrABadQuantityIsRefused() {
    Shopper alice = new Shopper("Alice", Documents.builder().store(OperationStores.inMemory())
        .model(ShoppingLists.MODEL).clock(clock).build(), clock);
    alice.documents().create("weekend", ShoppingLists.TYPE, "Weekend");

    assertThatThrownBy(() -> alice.add("weekend", "milk", "milk", 0)).hasMessageContaining("at least 1");
    Action unsigned = alice.documents().action("ADD_ITEM", "global", new ShoppingLists.AddItem("x", "x", 1));
    assertThatThrownBy(() -> alice.documents().dispatch("weekend", unsigned)).hasMessageContaining("not signed");
    assertThat(alice.list("weekend").items()).isEmpty();
  }
}
