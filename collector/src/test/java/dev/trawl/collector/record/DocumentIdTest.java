package dev.trawl.collector.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
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
  /** Pinned: a redelivery after an upgrade is idempotent only while a line keeps its id (the README says when they last changed). */
  void idsArePinnedSoRedeliveryAfterAnUpgradeStaysIdempotent() {
    List<String> ids = List.of(id("node-1", "uid-1", "app", 3, 0, 42), id("node-1", "uid-1", "app", 3, 0, 0),
        id("ip-10-0-0-1.ec2.internal", "0b3c5e1a-7f1e-4c2d-9a0b-1c2d3e4f5a6b", "payments-api", -7_000_000_000L, 2, 9_876_543_210L));
    Base64.Decoder decoder = Base64.getUrlDecoder();
    for (String id : ids) {
      assertEquals(16, decoder.decode(id).length, "22 characters of URL-safe base64 are 128 bits: " + id);
    }
    assertEquals(List.of("WjvLMUk5vwGGlfxTBt9EBA", "LbdAZQQBSdm9VYb7cmEyzw", "yj6fbq75Igw1ZEISnO-pVw"), ids);
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

  @Test
  void encodesAsUrlSafeBase64WithoutPadding() {
    SplittableRandom random = new SplittableRandom(19);
    byte[] encoded = new byte[22];
    for (int i = 0; i < 10_000; i++) {
      long high = random.nextLong();
      long low = i < 4 ? new long[] {0, -1, 1, Long.MIN_VALUE}[i] : random.nextLong();
      DocumentId.encode(high, low, encoded);
      byte[] expected = Base64.getUrlEncoder().withoutPadding().encode(ByteBuffer.allocate(16).putLong(high).putLong(low).array());
      assertEquals(new String(expected, StandardCharsets.US_ASCII), new String(encoded, StandardCharsets.US_ASCII));
    }
  }
}
