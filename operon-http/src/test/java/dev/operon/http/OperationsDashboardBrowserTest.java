package dev.operon.http;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.testkit.Services;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The dashboard's Operations and Documents views in a real browser: the operation log as
 * commands are logged, discarded outbox events re-queued one at a time and in bulk (by an operator;
 * a viewer sees no button for it), a document's history browsed by revision and undone.
 */
class OperationsDashboardBrowserTest {
  private static final Duration WAIT = BrowserSession.WAIT;

  @TempDir Path dir;
  private HttpFixture fixture;
  private BrowserSession browser;

  @BeforeEach
  void open() throws Exception {
    Services.requireChromium();
    fixture = new HttpFixture(dir, b -> {});
    browser = new BrowserSession(fixture.http.url());
  }

  @AfterEach
  void close() {
    if (browser != null) {
      browser.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void anOperatorFollowsTheLogAndRequeuesDiscardedEvents() throws Exception {
    try (FailingOrders orders = new FailingOrders(fixture)) {
      orders.place("o-1");
      browser.signIn(fixture.operator, "operator · OPERATOR");
      browser.click(By.id("nav-operations"));
      eventually(WAIT, () -> assertThat(browser.attributes(By.cssSelector("#oplog tr[data-index]"), "data-index"))
          .containsExactly("1"));
      orders.place("o-2");
      orders.place("o-3");
      eventually(WAIT, () -> assertThat(browser.attributes(By.cssSelector("#oplog tr[data-index]"), "data-index"))
          .as("new operations on top, without a reload").containsExactly("3", "2", "1"));
      assertThat(browser.text(By.cssSelector("#oplog tr[data-index='3']"))).contains("host-a").contains("PlaceOrder")
          .contains("o-3");

      // every try fails: five tries with growing waits, then discarded
      orders.discardAll(fixture, 3, WAIT);
      eventually(WAIT, () -> assertThat(browser.attributes(By.cssSelector("#discarded tr[data-event-id]"),
          "data-event-id")).containsExactlyInAnyOrder("placed-o-1", "placed-o-2", "placed-o-3"));
      assertThat(browser.text(By.cssSelector("#discarded tr[data-event-id='placed-o-1']"))).contains("mail server down");
      browser.screenshot("dashboard-operations.png");

      // a viewer sees the same events and no button to re-queue them
      browser.click(By.id("sign-out"));
      browser.signIn(fixture.viewer, "viewer · VIEWER");
      browser.open("/?view=operations");
      eventually(WAIT, () -> assertThat(browser.all(By.cssSelector("#discarded tr[data-event-id]"))).hasSize(3));
      assertThat(browser.all(By.cssSelector("button.requeue"))).isEmpty();
      assertThat(browser.all(By.id("requeue-all"))).allSatisfy(button -> assertThat(button.isDisplayed()).isFalse());
      browser.click(By.id("sign-out"));
      browser.signIn(fixture.operator, "operator · OPERATOR");
      browser.open("/?view=operations");
      eventually(WAIT, () -> assertThat(browser.all(By.cssSelector("#discarded button.requeue"))).hasSize(3));

      orders.broken.set(false);
      browser.click(By.cssSelector("#discarded tr[data-event-id='placed-o-1'] button.requeue"));
      eventually(WAIT, () -> assertThat(browser.attributes(By.cssSelector("#discarded tr[data-event-id]"),
          "data-event-id")).containsExactlyInAnyOrder("placed-o-2", "placed-o-3"));
      browser.click(By.id("requeue-all"));
      assertThat(browser.accept()).contains("Re-queue 2 discarded events");
      eventually(WAIT, () -> assertThat(browser.text(By.id("requeue-status"))).contains("2 of 2 re-queued"));
      eventually(WAIT, () -> assertThat(browser.all(By.cssSelector("#discarded tr[data-event-id]"))).isEmpty());
      orders.nextPoll();
      eventually(WAIT, () -> assertThat(orders.placed).containsExactlyInAnyOrder("o-1", "o-2", "o-3"));
    }
  }

  @Test
  void anOperatorBrowsesADocumentsHistoryByRevisionAndUndoesItsLastChange() throws Exception {
    fixture.documents.create("groceries", "checklist", "Groceries");
    for (String item : List.of("milk", "eggs", "tea")) {
      fixture.documents.dispatch("groceries",
          fixture.documents.action("ADD", "global", new Checklists.Add(item)));
    }
    browser.signIn(fixture.operator, "operator · OPERATOR");
    browser.click(By.id("nav-documents"));
    eventually(WAIT, () -> assertThat(browser.attributes(By.cssSelector("#documents tr[data-document-id]"),
        "data-document-id")).containsExactly("groceries"));
    browser.click(By.cssSelector("#documents tr[data-document-id='groceries'] a"));
    eventually(WAIT, () -> assertThat(browser.text(By.id("revision-label"))).contains("revision 3 of 3"));
    assertThat(browser.text(By.id("document-title"))).isEqualTo("groceries");
    assertThat(browser.text(By.id("document-state"))).contains("milk").contains("eggs").contains("tea");
    assertThat(browser.all(By.cssSelector("#document-operations tr[data-index]"))).hasSize(3);

    browser.script("const s = document.getElementById('revision-slider'); s.value = '1';"
        + " s.dispatchEvent(new Event('change', {bubbles: true}));");
    eventually(WAIT, () -> {
      assertThat(browser.text(By.id("revision-label"))).contains("revision 1 of 3");
      assertThat(browser.text(By.id("document-state"))).contains("milk").doesNotContain("eggs");
      assertThat(browser.all(By.cssSelector("#document-operations tr[data-index]"))).hasSize(1);
    });
    assertThat(browser.url()).contains("document=groceries").contains("revision=1");
    browser.screenshot("dashboard-document.png");

    browser.click(By.id("doc-undo"));
    eventually(WAIT, () -> {
      assertThat(browser.text(By.id("revision-label"))).contains("revision 4 of 4");
      assertThat(browser.text(By.id("document-state"))).contains("eggs").doesNotContain("tea");
    });
    assertThat(fixture.documents.state("groceries", Checklists.GLOBAL).items()).containsExactly("milk", "eggs");
  }
}
