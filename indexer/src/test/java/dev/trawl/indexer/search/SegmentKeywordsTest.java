package dev.trawl.indexer.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values of fields of few values are kept per open segment, and let go when it closes. */
class SegmentKeywordsTest {
  @TempDir Path dir;

  @Test
  void fewValuesAreKeptWhileTheSegmentIsOpenManyAreNot() throws IOException {
    try (Directory directory = FSDirectory.open(dir)) {
      try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
        for (int i = 0; i <= SegmentKeywords.MAX_VALUES; i++) {
          Document doc = new Document();
          doc.add(new KeywordField("pod", "pod-" + i % 3, Field.Store.NO));
          doc.add(new KeywordField("trace", "trace-" + i, Field.Store.NO));
          writer.addDocument(doc);
        }
        writer.forceMerge(1);
      }
      int keptBefore = SegmentKeywords.segmentsKept();
      try (DirectoryReader reader = DirectoryReader.open(directory)) {
        LeafReader leaf = reader.leaves().get(0).reader();
        assertNull(SegmentKeywords.of(leaf, "trace", DocValues.getSortedSet(leaf, "trace")), "a value per document is not kept");
        SortedSetDocValues pods = DocValues.getSortedSet(leaf, "pod");
        SegmentKeywords kept = SegmentKeywords.of(leaf, "pod", pods);
        assertNotNull(kept);
        for (long ord = 0; ord < 3; ord++) {
          assertEquals(pods.lookupOrd(ord).utf8ToString(), kept.value(ord).utf8ToString());
        }
        SegmentKeywords again = SegmentKeywords.of(leaf, "pod", DocValues.getSortedSet(leaf, "pod"));
        assertSame(kept.value(1), again.value(1), "a later page finds the value kept");
        assertEquals(keptBefore + 1, SegmentKeywords.segmentsKept());
      }
      assertEquals(keptBefore, SegmentKeywords.segmentsKept(), "a closed segment's values are let go");
    }
  }
}
