package dev.operon.http;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.testkit.Services;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through its ChromeDriver on a dashboard at {@code base}: sign
 * in, read the page while it re-renders, answer dialogs, take screenshots (to target/screenshots).
 */
final class BrowserSession implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  final ChromeDriver driver;
  private final String base;

  /** Opens a browser on the dashboard at {@code base}; skips (fails on CI) without Chromium. */
  BrowserSession(String base) {
    Services.requireChromium();
    this.base = base;
    ChromeOptions options = new ChromeOptions();
    options.setBinary(Services.CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1280,900");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(Services.CHROMEDRIVER)).usingAnyFreePort().build();
    this.driver = new ChromeDriver(service, options);
  }

  /** Opens {@code pathAndQuery} of the dashboard (e.g. {@code /?view=problems}). */
  void open(String pathAndQuery) {
    driver.get(base + pathAndQuery);
  }

  /** Signs in with {@code token} and waits for the top bar to say {@code expected} ("name · ROLE"). */
  void signIn(String token, String expected) {
    open("/");
    eventually(WAIT, () -> assertThat(driver.findElements(By.id("token-input")))
        .anySatisfy(input -> assertThat(input.isDisplayed()).isTrue()));
    driver.findElement(By.id("token-input")).sendKeys(token);
    driver.findElement(By.id("token-submit")).click();
    eventually(WAIT, () -> assertThat(text(By.id("whoami"))).isEqualTo(expected));
  }

  /** The text of the first element {@code by} finds, or null while there is none. */
  String text(By by) {
    return fresh(() -> {
      List<WebElement> found = driver.findElements(by);
      return found.isEmpty() ? null : found.get(0).getText();
    });
  }

  /** The elements {@code by} finds now. */
  List<WebElement> all(By by) {
    return fresh(() -> driver.findElements(by));
  }

  /** The values of attribute {@code name} of the elements {@code by} finds now. */
  List<String> attributes(By by, String name) {
    return fresh(() -> driver.findElements(by).stream().map(e -> e.getDomAttribute(name)).toList());
  }

  /** Clicks the first element {@code by} finds; fails (for {@code eventually}) while there is none. */
  void click(By by) {
    fresh(() -> {
      List<WebElement> found = driver.findElements(by);
      if (found.isEmpty()) {
        throw new AssertionError("nothing to click at " + by);
      }
      found.get(0).click();
      return null;
    });
  }

  /** Runs {@code script} in the page. */
  Object script(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** The text of the open alert or confirm dialog; fails (for {@code eventually}) while there is none. */
  String alertText() {
    try {
      return driver.switchTo().alert().getText();
    } catch (org.openqa.selenium.NoAlertPresentException e) {
      throw new AssertionError("no dialog is open", e);
    }
  }

  /** Waits for a dialog and accepts it; returns its text. */
  String accept() {
    String text = eventually(WAIT, this::alertText);
    driver.switchTo().alert().accept();
    return text;
  }

  String url() {
    return driver.getCurrentUrl();
  }

  /**
   * What {@code read} reads from the page; an element the page replaced while it was read (it
   * re-renders as data arrives) fails as an assertion, so that {@code eventually} reads again.
   */
  static <T> T fresh(Supplier<T> read) {
    try {
      return read.get();
    } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
      throw new AssertionError("the page re-rendered while it was read", e);
    }
  }

  void screenshot(String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    Files.write(SCREENSHOTS.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
  }

  @Override
  public void close() {
    driver.quit();
  }
}
