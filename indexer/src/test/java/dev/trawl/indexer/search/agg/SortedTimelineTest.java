package dev.trawl.indexer.search.agg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Known run ends from the samples against a plain walk over every document's value. */
class SortedTimelineTest {
  private static final String FIELD = "@timestamp";

  @TempDir Path dir;

  @Test
  void knownRunEndsNeverPassTheRealEndAndFallShortByLessThanAStride() throws IOException {
    Random random = new Random(7);
    try (Directory directory = FSDirectory.open(dir)) {
      // runs of equal times, gaps and single documents, over several segments of a few samples each
      write(directory, new SortField(FIELD, SortField.Type.LONG, true), writer -> {
        for (int i = 0; i < 3000; i++) {
          long time = random.nextInt(4) == 0 ? 1_000L * random.nextInt(40) : 1_000_000L + random.nextInt(500_000);
          writer.addDocument(timed(time));
          if (i % 1100 == 1099) {
            writer.commit();
          }
        }
      });
      try (DirectoryReader reader = DirectoryReader.open(directory)) {
        assertEquals(3, reader.leaves().size());
        for (LeafReaderContext leaf : reader.leaves()) {
          long[] values = values(leaf.reader());
          SortedTimeline timeline = SortedTimeline.of(leaf.reader(), FIELD);
          assertNotNull(timeline);
          for (int trial = 0; trial < 2000; trial++) {
            int doc = random.nextInt(values.length);
            long low = values[doc] - (random.nextBoolean() ? 0 : random.nextInt(20_000));
            int runEnd = doc + 1;
            while (runEnd < values.length && values[runEnd] >= low) {
              runEnd++;
            }
            int known = timeline.knownRunEnd(doc, low);
            String where = "segment " + leaf.ord + ", doc " + doc + ", low " + low + ", run end " + runEnd + ", known " + known;
            assertTrue(known > doc && known <= runEnd, where);
            assertTrue(runEnd - known < 128, "at most a stride is left to read: " + where);
          }
        }
      }
    }
  }

  @Test
  void segmentsNotSortedNewestFirstOrMissingTimesHaveNoTimeline() throws IOException {
    try (Directory directory = FSDirectory.open(dir.resolve("ascending"))) {
      write(directory, new SortField(FIELD, SortField.Type.LONG, false), writer -> writer.addDocument(timed(5)));
      assertNull(onlySegment(directory));
    }
    try (Directory directory = FSDirectory.open(dir.resolve("other-field"))) {
      write(directory, new SortField("other", SortField.Type.LONG, true), writer -> writer.addDocument(timed(5)));
      assertNull(onlySegment(directory));
    }
    try (Directory directory = FSDirectory.open(dir.resolve("missing"))) {
      write(directory, new SortField(FIELD, SortField.Type.LONG, true), writer -> {
        writer.addDocument(timed(5));
        Document untimed = new Document();
        untimed.add(new StringField("id", "x", Field.Store.NO));
        writer.addDocument(untimed);
      });
      assertNull(onlySegment(directory));
    }
  }

  private interface Writes {
    void into(IndexWriter writer) throws IOException;
  }

  private static void write(Directory directory, SortField sort, Writes writes) throws IOException {
    try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig().setIndexSort(new Sort(sort)))) {
      writes.into(writer);
    }
  }

  private static SortedTimeline onlySegment(Directory directory) throws IOException {
    try (DirectoryReader reader = DirectoryReader.open(directory)) {
      return SortedTimeline.of(reader.leaves().get(0).reader(), FIELD);
    }
  }

  private static Document timed(long time) {
    Document doc = new Document();
    doc.add(new NumericDocValuesField(FIELD, time));
    doc.add(new NumericDocValuesField("other", time));
    return doc;
  }

  private static long[] values(LeafReader reader) throws IOException {
    NumericDocValues values = DocValues.getNumeric(reader, FIELD);
    long[] out = new long[reader.maxDoc()];
    for (int doc = 0; doc < out.length; doc++) {
      values.advanceExact(doc);
      out[doc] = values.longValue();
    }
    return out;
  }
}
