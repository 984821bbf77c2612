package dev.trawl.launcher;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's Chromium and chromedriver, headless, with a profile of its own; the test is skipped when they are missing. */
final class HeadlessChromium {
  private HeadlessChromium() {}

  static ChromeDriver start(Path profile) throws IOException {
    assumeTrue(new File("/usr/bin/chromium").canExecute() && new File("/usr/bin/chromedriver").canExecute(),
        "Debian packages chromium and chromium-driver are not installed (./trawl test installs them as root)");
    ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless=new", "--no-sandbox",
        "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--window-size=1400,900",
        "--user-data-dir=" + Files.createDirectories(profile));
    return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
        .usingAnyFreePort().build(), options);
  }
}
