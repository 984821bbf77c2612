package dev.trawl.collector.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DocumentIdTest {
  private static String id(String node, String uid, String container, long fp, int gen, long off) {
    return new String(new DocumentId(node, uid, container, fp, gen).of(off), StandardCharsets.US_ASCII);
  }

  @Test
  void sameInputGivesSameId() {
    String a = id("node-1", "uid-1", "app", 3, 0, 42);
    assertEquals(a, id("node-1", "uid-1", "app", 3, 0, 42));
    DocumentId reused = new DocumentId("node-1", "uid-1", "app", 3, 0);
    reused.of(7);
    assertEquals(a, new String(reused.of(42), StandardCharsets.US_ASCII), "reuse keeps no state between lines");
    assertEquals(22, a.length());
    assertEquals(true, a.matches("[A-Za-z0-9_-]{22}"));
  }

  @Test
  void anyFieldChangedGivesADifferentId() {
    String base = id("node-1", "uid-1", "app", 3, 0, 42);
    List<String> variants = List.of(
        id("node-2", "uid-1", "app", 3, 0, 42),
        id("node-1", "uid-2", "app", 3, 0, 42),
        id("node-1", "uid-1", "app2", 3, 0, 42),
        id("node-1", "uid-1", "app", 9, 0, 42),
        id("node-1", "uid-1", "app", 3, 1, 42),
        id("node-1", "uid-1", "app", 3, 0, 43),
        // field boundaries are length-prefixed, so moving characters between fields changes the id
        id("node-1u", "id-1", "app", 3, 0, 42));
    Set<String> seen = new HashSet<>();
    for (String v : variants) {
      assertNotEquals(base, v);
      seen.add(v);
    }
    assertEquals(variants.size(), seen.size());
  }

  @Test
  void manyOffsetsNeverCollide() {
    DocumentId ids = new DocumentId("n", "u", "c", 3, 0);
    Set<String> seen = new HashSet<>();
    for (long off = 0; off < 200_000; off += 1) {
      seen.add(new String(ids.of(off), StandardCharsets.US_ASCII));
    }
    assertEquals(200_000, seen.size());
  }
}
