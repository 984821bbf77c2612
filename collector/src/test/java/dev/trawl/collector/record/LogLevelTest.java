package dev.trawl.collector.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogLevelTest {
  @Test
  void findsLeadingLevelTokens() {
    Map<String, String> rows = Map.ofEntries(
        Map.entry("ERROR something broke", "error"),
        Map.entry("[warn] disk almost full", "warn"),
        Map.entry("  INFO: started", "info"),
        Map.entry("WARNING: deprecated", "warn"),
        Map.entry("E1123 12:00:00.000000 1 main.go:10] failed", "error"),
        Map.entry("W1123 12:00:00.000000 1 main.go:10] slow", "warn"),
        Map.entry("I1123 12:00:00.000000 1 main.go:10] ok", "info"),
        Map.entry("debug| verbose", "debug"),
        Map.entry("FATAL out of memory", "fatal"));
    rows.forEach((line, level) -> {
      byte[] b = line.getBytes(StandardCharsets.UTF_8);
      assertEquals(level, LogLevel.leading(b, 0, b.length), line);
    });
  }

  @Test
  void ignoresWordsThatAreNotLevels() {
    for (String line : new String[] {"", "errors happened", "Information", "GET /error 200", "E", "Everything fine",
        "{\"level\":\"error\"}"}) {
      byte[] b = line.getBytes(StandardCharsets.UTF_8);
      assertEquals(null, LogLevel.leading(b, 0, b.length), line);
    }
  }
}
