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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard in a real browser (Debian's Chromium, headless), as an operator and as a viewer
 * use it: sign in with a token, watch sagas start and finish on the list without reloading, filter
 * through the URL, open a saga's timeline, cancel it, and never see an operator's button as a
 * viewer. Screenshots of the main pages go to target/screenshots.
 */
class DashboardBrowserTest {
  private static final Duration WAIT = BrowserSession.WAIT;

  @TempDir Path dir;
  private HttpFixture fixture;
  private BrowserSession session;
  private ChromeDriver browser;

  @BeforeEach
  void open() throws Exception {
    Services.requireChromium();
    fixture = new HttpFixture(dir, b -> {});
    session = new BrowserSession(fixture.http.url());
    browser = session.driver;
  }

  @AfterEach
  void close() {
    if (session != null) {
      session.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void anOperatorWatchesSagasLiveOpensATimelineAndCancelsASaga() throws Exception {
    signIn(fixture.operator, "operator · OPERATOR");
    ((JavascriptExecutor) browser).executeScript("window.operonTestMarker = 'no reload';");
    String done = start("OneStep", "\"ada\"");
    String waiting = start("Approval", "\"bob\"");

    eventually(WAIT, () -> {
      assertThat(rowState(done)).isEqualTo("COMPLETED");
      assertThat(rowState(waiting)).isEqualTo("PAUSED");
    });
    assertThat(((JavascriptExecutor) browser).executeScript("return window.operonTestMarker")).isEqualTo("no reload");
    eventually(WAIT, () -> assertThat(text(By.cssSelector("#counts .count[data-state='PAUSED']")))
        .contains("1"));
    screenshot("dashboard-sagas.png");

    browser.findElement(By.cssSelector("tr.saga-row[data-saga-id='" + waiting + "'] a")).click();
    eventually(WAIT, () -> assertThat(text(By.id("saga-state"))).isEqualTo("PAUSED"));
    assertThat(browser.getCurrentUrl()).contains("saga=" + waiting);
    eventually(WAIT, () -> assertThat(eventTypes()).contains("WorkflowExecutionStarted", "TimerCreated"));
    assertThat(browser.findElements(By.cssSelector("#timeline svg"))).isNotEmpty();
    eventually(WAIT, () -> assertThat(text(By.cssSelector("#timers li.timer-row"))).contains("signal approve"));
    assertThat(text(By.id("waiting"))).contains("approve");
    screenshot("dashboard-saga.png");

    browser.findElement(By.id("cancel-saga")).click();
    browser.switchTo().alert().accept();
    eventually(WAIT, () -> assertThat(text(By.id("saga-state"))).isEqualTo("CANCELLED"));
    assertThat(fixture.engine.describe(waiting).state().name()).isEqualTo("CANCELLED");

    browser.findElement(By.id("back")).click();
    browser.findElement(By.cssSelector("#filter-state option[value='COMPLETED']")).click();
    browser.findElement(By.id("filter-apply")).click();
    eventually(WAIT, () -> assertThat(listedIds()).containsExactly(done));
    assertThat(browser.getCurrentUrl()).contains("state=COMPLETED");
    browser.navigate().refresh();
    eventually(WAIT, () -> assertThat(listedIds()).containsExactly(done));

    // the filter saved under a name, kept across reloads, one click away
    session.script("window.prompt = () => 'Done ones';");
    session.click(By.id("save-query"));
    eventually(WAIT, () -> assertThat(text(By.cssSelector("#saved-queries a.saved"))).isEqualTo("Done ones"));
    session.click(By.id("nav-sagas"));
    eventually(WAIT, () -> assertThat(listedIds()).contains(waiting, done));
    session.click(By.cssSelector("#saved-queries a.saved"));
    eventually(WAIT, () -> assertThat(listedIds()).containsExactly(done));
    assertThat(browser.getCurrentUrl()).contains("state=COMPLETED");
    session.click(By.cssSelector("#saved-queries button.remove-query"));
    eventually(WAIT, () -> assertThat(session.all(By.cssSelector("#saved-queries a.saved"))).isEmpty());
  }

  @Test
  void aParentSagaLinksToItsChild() throws Exception {
    String parent = start("Parent", "\"kid\"");
    signIn(fixture.viewer, "viewer · VIEWER");
    browser.get(fixture.http.url() + "/?saga=" + parent);
    eventually(WAIT, () -> assertThat(text(By.id("saga-state"))).isEqualTo("COMPLETED"));
    eventually(WAIT, () -> assertThat(text(By.cssSelector("#children li.child-row"))).contains("OneStep")
        .contains("COMPLETED"));
    session.click(By.cssSelector("#children li.child-row a"));
    eventually(WAIT, () -> assertThat(browser.getCurrentUrl()).contains("saga=" + parent + "-child-"));
    eventually(WAIT, () -> assertThat(text(By.id("saga-state"))).isEqualTo("COMPLETED"));
  }

  @Test
  void anOperatorCancelsEverySagaAFilterMatchesAfterConfirmingTheDryRunsCount() throws Exception {
    List<String> waiting = List.of(start("Approval", "\"a\""), start("Approval", "\"b\""), start("Approval", "\"c\""));
    String done = start("OneStep", "\"d\"");
    signIn(fixture.operator, "operator · OPERATOR");
    browser.get(fixture.http.url() + "/?state=PAUSED");
    eventually(WAIT, () -> assertThat(listedIds()).containsExactlyInAnyOrderElementsOf(waiting));

    browser.findElement(By.id("bulk-cancel")).click();
    eventually(WAIT, () -> assertThat(alertText()).contains("Cancel 3 sagas").contains("PAUSED"));
    browser.switchTo().alert().accept();
    eventually(WAIT, () -> assertThat(text(By.id("bulk-status"))).contains("3 cancelled").contains("finished"));
    for (String id : waiting) {
      assertThat(fixture.engine.describe(id).state().name()).isIn("CANCELLED", "COMPENSATING");
    }
    assertThat(fixture.engine.describe(done).state().name()).isEqualTo("COMPLETED");
    eventually(WAIT, () -> assertThat(listedIds()).isEmpty());
    screenshot("dashboard-bulk.png");
  }

  @Test
  void aViewerSeesNoOperatorsButtonAndTheServerRefusesTheActionAnyway() throws Exception {
    String waiting = start("Approval", "\"eve\"");
    signIn(fixture.viewer, "viewer · VIEWER");
    browser.get(fixture.http.url() + "/?saga=" + waiting);
    eventually(WAIT, () -> assertThat(text(By.id("saga-state"))).isEqualTo("PAUSED"));
    assertThat(browser.findElements(By.id("cancel-saga"))).isEmpty();
    assertThat(browser.findElements(By.id("signal-form"))).isEmpty();
    browser.get(fixture.http.url() + "/");
    eventually(WAIT, () -> assertThat(listedIds()).contains(waiting));
    assertThat(browser.findElements(By.id("bulk-cancel"))).isEmpty();
    Object status = ((JavascriptExecutor) browser).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "fetch('/api/sagas/' + encodeURIComponent(arguments[0]) + '/cancel', {method: 'POST',"
            + " headers: {Authorization: 'Bearer ' + sessionStorage.operonToken}}).then(r => done(r.status));",
        waiting);
    assertThat(status).isEqualTo(403L);
    assertThat(fixture.engine.describe(waiting).state().name()).isEqualTo("PAUSED");
  }

  @Test
  void theProblemsViewShowsTheWatchdogAndAnOperationWithoutProgress() throws Exception {
    String waiting = start("Approval", "\"quiet\"");
    signIn(fixture.viewer, "viewer · VIEWER");
    browser.findElement(By.id("nav-problems")).click();
    eventually(WAIT, () -> assertThat(text(By.id("circuit"))).contains("Watchdog circuit:"));
    browser.findElement(By.cssSelector("#stalled-older-than option[value='PT10S']")).click();
    eventually(WAIT, () -> assertThat(browser.getCurrentUrl()).contains("view=problems").contains("olderThan=PT10S"));
    // the waiting saga's tracked operation has had no progress since it started: after 10 s it shows
    eventually(Duration.ofSeconds(45), () -> assertThat(fresh(() -> browser.findElements(
        By.cssSelector("tr.stalled-row[data-operation-id='" + waiting + "']")))).isNotEmpty());
    assertThat(session.attributes(By.cssSelector("#queues tr.queue-row"), "data-queue"))
        .containsExactly("saga-workflows", "saga-activities");
    eventually(WAIT, () -> assertThat(text(By.cssSelector("#dead-letters"))).contains("No dead letter"));
    screenshot("dashboard-problems.png");
    browser.findElement(By.id("nav-sagas")).click();
    eventually(WAIT, () -> assertThat(listedIds()).contains(waiting));
  }

  @Test
  void markupInASagasDataIsShownAsTextNeverRun() throws Exception {
    String markup = "<img src=x onerror=\\\"window.operonInjected=1\\\">";
    String failed = start("OneStep", "\"fail:" + markup + "\"");
    signIn(fixture.operator, "operator · OPERATOR");
    browser.get(fixture.http.url() + "/?saga=" + failed);
    eventually(WAIT, () -> assertThat(text(By.id("saga-state"))).isEqualTo("FAILED"));
    assertThat(browser.findElement(By.tagName("body")).getText()).contains("<img src=x onerror=");
    assertThat(((JavascriptExecutor) browser).executeScript("return window.operonInjected")).isNull();
    assertThat(browser.findElements(By.cssSelector("#saga img, main img"))).isEmpty();
  }

  private String start(String type, String input) throws Exception {
    HttpFixture.Answer answer = fixture.call("POST", "/api/sagas",
        "{\"workflowType\":\"" + type + "\",\"input\":" + input + "}", fixture.operator);
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer.json().get("sagaId").asText();
  }

  private String rowState(String sagaId) {
    return text(By.cssSelector("tr.saga-row[data-saga-id='" + sagaId + "'] .state"));
  }

  private List<String> listedIds() {
    return fresh(() -> browser.findElements(By.cssSelector("tr.saga-row")).stream()
        .map(r -> r.getDomAttribute("data-saga-id")).toList());
  }

  private List<String> eventTypes() {
    return fresh(() -> browser.findElements(By.cssSelector("#events .event-row")).stream()
        .map(r -> r.getDomAttribute("data-type")).toList());
  }

  private void signIn(String token, String expected) {
    session.signIn(token, expected);
  }

  private String text(By by) {
    return session.text(by);
  }

  private String alertText() {
    return session.alertText();
  }

  private static <T> T fresh(java.util.function.Supplier<T> read) {
    return BrowserSession.fresh(read);
  }

  private void screenshot(String name) throws Exception {
    session.screenshot(name);
  }
}
