package dev.trawl.collector.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PartialJoinerTest {
  private static void add(PartialJoiner joiner, String line, long offset) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    CriLine parsed = new CriLine();
    assertTrue(CriDecoder.decode(b, 0, b.length, parsed), line);
    joiner.add(parsed, offset);
  }

  @Test
  void joinsPartsKeepingTheFirstTimestampAndOffset() {
    PartialJoiner joiner = new PartialJoiner(1024);
    add(joiner, "2026-11-23T12:00:00.1Z stdout P hello ", 100);
    assertTrue(joiner.pending());
    assertEquals(100, joiner.firstOffset());
    add(joiner, "2026-11-23T12:00:00.2Z stdout P big ", 140);
    add(joiner, "2026-11-23T12:00:00.3Z stdout F world", 180);
    assertFalse(joiner.pending());
    assertEquals("hello big world", new String(joiner.joined().body(), 0, joiner.joined().length(), StandardCharsets.UTF_8));
    assertEquals("2026-11-23T12:00:00.1Z", new String(joiner.joined().timestamp(), 0, joiner.joined().timestampLength(), StandardCharsets.US_ASCII));
    assertEquals(100, joiner.firstOffset());
    assertFalse(joiner.joined().truncated());
  }

  @Test
  void cutsAtTheLimitAndDropsLaterParts() {
    PartialJoiner joiner = new PartialJoiner(8);
    add(joiner, "2026-11-23T12:00:00Z stdout P 12345", 0);
    add(joiner, "2026-11-23T12:00:00Z stdout P 67890", 40);
    add(joiner, "2026-11-23T12:00:00Z stdout F abcde", 80);
    assertFalse(joiner.pending());
    assertTrue(joiner.joined().truncated());
    assertEquals("12345678", new String(joiner.joined().body(), 0, joiner.joined().length(), StandardCharsets.UTF_8));
    add(joiner, "2026-11-23T12:00:01Z stdout F next", 120);
    assertFalse(joiner.joined().truncated(), "a new line starts clean");
    assertEquals("next", new String(joiner.joined().body(), 0, joiner.joined().length(), StandardCharsets.UTF_8));
  }
}
