package dev.trawl.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The alert rules in {@code dashboards/} pass {@code promtool check rules} and their unit tests. */
class AlertRulesTest {
  private static final Path DASHBOARDS = Path.of("..", "dashboards");

  private static String promtool(String... args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = "promtool";
    System.arraycopy(args, 0, command, 1, args.length);
    Process p = new ProcessBuilder(command).directory(DASHBOARDS.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + out);
    return out;
  }

  @Test
  void rulesAreValidAndTheirUnitTestsPass() throws Exception {
    assumeTrue(new File("/usr/bin/promtool").canExecute(), "Debian package prometheus (promtool) is not installed");
    promtool("check", "rules", "alerts.yaml");
    promtool("test", "rules", "alerts-test.yaml");
  }
}
