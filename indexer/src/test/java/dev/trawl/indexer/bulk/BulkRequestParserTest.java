package dev.trawl.indexer.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkRequestParserTest {
  private static List<BulkItem> parse(String body, String index) {
    return BulkRequestParser.parse(body.getBytes(StandardCharsets.UTF_8), index);
  }

  @Test
  void readsCreateAndIndexActions() {
    List<BulkItem> items = parse("""
        {"create":{"_index":"logs","_id":"a"}}
        {"message":"one"}
        {"index":{"_id":"b"}}
        {"message":"two"}
        {"create":{}}\r
        {"message":"three"}\r

        """, "metrics");
    assertEquals(3, items.size());
    assertEquals("create", items.get(0).op());
    assertEquals("logs", items.get(0).index());
    assertEquals("a", items.get(0).id());
    assertEquals("{\"message\":\"one\"}", new String(items.get(0).source(), StandardCharsets.UTF_8));
    assertEquals("index", items.get(1).op());
    assertEquals("metrics", items.get(1).index(), "the path's index is the default");
    assertNull(items.get(2).id(), "no _id: one is generated later");
    assertEquals("{\"message\":\"three\"}", new String(items.get(2).source(), StandardCharsets.UTF_8));
    items.forEach(i -> assertNull(i.error(), i.toString()));
  }

  @Test
  void aBadActionLineFailsOnlyItsItemAndNamesTheLine() {
    List<BulkItem> items = parse("""
        {"create":{"_index":"logs","_id":"ok1"}}
        {"message":"fine"}
        {"create":{"_index":"logs","_id":"x"
        {"message":"doc of the broken action"}
        {"create":{"_index":"logs","_id":"badjson"}}
        {"message": nope}
        {"create":{"_index":"logs","_id":"array"}}
        [1,2]
        {"delete":{"_index":"logs","_id":"d"}}
        {"update":{"_index":"logs","_id":"u"}}
        {"doc":{"a":1}}
        {"create":{"_id":"noindex"}}
        {"message":"no index anywhere"}
        {"create":{"_index":"logs","_id":"ok2"}}
        {"message":"still fine"}
        """, null);
    assertEquals(8, items.size());
    assertNull(items.get(0).error());
    assertTrue(items.get(1).error().contains("line 3"), items.get(1).error());
    // document lines are the mapper's to check (BulkServiceTest); the parser only says where they are
    assertNull(items.get(2).error());
    assertEquals(6, items.get(2).documentLine());
    assertNull(items.get(3).error());
    assertEquals(8, items.get(3).documentLine());
    assertTrue(items.get(4).error().contains("delete"), items.get(4).error());
    assertTrue(items.get(5).error().contains("update"), items.get(5).error());
    assertTrue(items.get(6).error().contains("_index"), items.get(6).error());
    assertNull(items.get(7).error());
    assertEquals("ok2", items.get(7).id());
  }

  @Test
  void anActionWithoutItsDocumentLineIsAnError() {
    List<BulkItem> items = parse("{\"create\":{\"_index\":\"logs\",\"_id\":\"a\"}}\n", null);
    assertEquals(1, items.size());
    assertTrue(items.get(0).error().contains("no document line"), items.get(0).error());
  }
}
