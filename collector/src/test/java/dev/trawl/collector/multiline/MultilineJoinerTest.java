package dev.trawl.collector.multiline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultilineJoinerTest {
  private static final byte[] TS = "2026-11-23T12:00:00Z".getBytes(StandardCharsets.US_ASCII);

  private static List<String> join(String rule, String... lines) {
    List<String> events = new ArrayList<>();
    MultilineJoiner joiner = new MultilineJoiner(MultilineRule.of(rule), 1 << 20, 1_000_000_000L);
    MultilineJoiner.Emitter out = (event, flags) -> events.add(new String(event.body(), 0, event.length(), StandardCharsets.UTF_8));
    long offset = 0;
    for (String line : lines) {
      byte[] b = line.getBytes(StandardCharsets.UTF_8);
      joiner.offer(TS, 0, TS.length, b, 0, b.length, offset, 0, 0, out);
      offset += b.length + 1;
    }
    joiner.flush(out);
    return events;
  }

  @Test
  void javaTracesBecomeOneEvent() {
    assertEquals(List.of(
            "ERROR [worker-1] payment failed\njava.lang.IllegalStateException: card declined\n\tat a.B.c(B.java:10)"
                + "\n\tat a.B.d(B.java:20)\nCaused by: java.io.IOException: reset\n\t... 12 more",
            "INFO next request"),
        join("java", "ERROR [worker-1] payment failed", "java.lang.IllegalStateException: card declined",
            "\tat a.B.c(B.java:10)", "\tat a.B.d(B.java:20)", "Caused by: java.io.IOException: reset", "\t... 12 more",
            "INFO next request"));
  }

  @Test
  void goPanicsBecomeOneEvent() {
    assertEquals(List.of("panic: runtime error: index out of range\n\ngoroutine 1 [running]:\nmain.main()\n"
            + "\t/app/main.go:12 +0x1d\nexit status 2", "level=info msg=restarted"),
        join("go", "panic: runtime error: index out of range", "", "goroutine 1 [running]:", "main.main()",
            "\t/app/main.go:12 +0x1d", "exit status 2", "level=info msg=restarted"));
  }

  @Test
  void pythonTracebacksBecomeOneEvent() {
    assertEquals(List.of("ERROR:app:failed\nTraceback (most recent call last):\n  File \"app.py\", line 3, in <module>\n"
            + "    main()\nValueError: bad input", "INFO:app:ok"),
        join("python", "ERROR:app:failed", "Traceback (most recent call last):", "  File \"app.py\", line 3, in <module>",
            "    main()", "ValueError: bad input", "INFO:app:ok"));
  }

  @Test
  void aCustomRegexMatchesTheFirstLineOfEachEvent() {
    assertEquals(List.of("[2026-11-23 12:00] start\ncontinued\nmore", "[2026-11-23 12:01] next"),
        join("^\\[\\d{4}-", "[2026-11-23 12:00] start", "continued", "more", "[2026-11-23 12:01] next"));
  }

  @Test
  void aPendingEventWaitsForItsTimeoutAndTheCapCutsIt() {
    List<String> events = new ArrayList<>();
    List<Integer> parts = new ArrayList<>();
    MultilineJoiner joiner = new MultilineJoiner(MultilineRule.of("java"), 16, 1_000L);
    MultilineJoiner.Emitter out = (event, flags) -> {
      events.add(new String(event.body(), 0, event.length(), StandardCharsets.UTF_8) + (event.truncated() ? " [cut]" : ""));
      parts.add(event.parts());
    };
    byte[] first = "ERROR boom".getBytes(StandardCharsets.UTF_8);
    byte[] more = "\tat x.Y.z(Y.java:1)".getBytes(StandardCharsets.UTF_8);
    joiner.offer(TS, 0, TS.length, first, 0, first.length, 100, 0, 5_000, out);
    joiner.offer(TS, 0, TS.length, more, 0, more.length, 111, 0, 5_500, out);
    joiner.flushIfIdle(6_000, out);
    assertTrue(joiner.pending(), "not idle long enough yet");
    assertEquals(100, joiner.firstOffset());
    joiner.flushIfIdle(6_500, out);
    assertFalse(joiner.pending());
    assertEquals(List.of("ERROR boom\n\tat x [cut]"), events);
    assertEquals(List.of(2), parts);
  }

  @Test
  void unknownRulesAreClearErrorsAndBlankMeansNone() {
    assertNull(MultilineRule.of(null));
    assertNull(MultilineRule.of(" "));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MultilineRule.of("([unclosed"));
    assertTrue(e.getMessage().contains("([unclosed"), e.getMessage());
  }

  @Test
  void configuredRulesByNamespaceAndContainer() {
    MultilineDefaults defaults = MultilineDefaults.parse("shop/cart=java; shop/*=go ;*/worker=^\\d{4}-");
    org.junit.jupiter.api.Assertions.assertEquals("java", defaults.ruleFor("shop", "cart"));
    org.junit.jupiter.api.Assertions.assertEquals("go", defaults.ruleFor("shop", "web"), "the first match wins");
    org.junit.jupiter.api.Assertions.assertEquals("^\\d{4}-", defaults.ruleFor("batch", "worker"));
    org.junit.jupiter.api.Assertions.assertNull(defaults.ruleFor("batch", "web"));
    org.junit.jupiter.api.Assertions.assertNull(MultilineDefaults.parse(" ").ruleFor("shop", "cart"));
    IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> MultilineDefaults.parse("shop/cart=java;shop=go"));
    org.junit.jupiter.api.Assertions.assertEquals("entry 'shop=go' is not <namespace>/<container>=<rule>", bad.getMessage());
    IllegalArgumentException regex = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> MultilineDefaults.parse("*/*=([unclosed"));
    org.junit.jupiter.api.Assertions.assertTrue(regex.getMessage().startsWith("multiline rule '([unclosed' is not java, go, python"),
        regex.getMessage());
  }
}
