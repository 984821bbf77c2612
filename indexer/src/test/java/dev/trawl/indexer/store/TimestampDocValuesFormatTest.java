package dev.trawl.indexer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.LongUnaryOperator;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimestampDocValuesFormatTest {
  @TempDir
  Path dir;

  @Test
  void everyValueComesBackAcrossFlushesSortingAndMerges() throws IOException {
    Random random = new Random(17);
    Map<String, Long> expected = new HashMap<>();
    // sorted as partitions are, and not: differences of either sign, any size, wrapping past the long range
    for (Sort sort : new Sort[] {Partition.INDEX_SORT, null}) {
      IndexWriterConfig config = config(new PartitionCodec()).setMaxBufferedDocs(700);
      if (sort != null) {
        config.setIndexSort(sort);
      }
      try (Directory each = FSDirectory.open(dir.resolve(sort == null ? "unsorted" : "sorted"));
          IndexWriter writer = new IndexWriter(each, config)) {
        expected.clear();
        long time = 1_795_435_200_000_000_000L;
        for (int i = 0; i < 5_000; i++) {
          time += random.nextInt(3) == 0 ? 0 : random.nextInt(2_000_000);
          long value = switch (i % 500) {
            case 7 -> Long.MIN_VALUE;
            case 8 -> Long.MAX_VALUE;
            case 9 -> random.nextLong();
            default -> time;
          };
          add(writer, "d" + i, value);
          expected.put("d" + i, value);
        }
        writer.commit();
        assertValues(each, expected);
        writer.forceMerge(1);
        writer.commit();
        assertValues(each, expected);
        writer.close();
        assertTrue(clean(each));
      }
    }
  }

  @Test
  void documentsWithoutAValueHaveNone() throws IOException {
    Map<String, Long> expected = new HashMap<>();
    try (Directory d = FSDirectory.open(dir); IndexWriter writer = new IndexWriter(d, config(new PartitionCodec()))) {
      for (int i = 0; i < 3_000; i++) {
        if (i % 3 == 0 || i > 2_500) {
          Document doc = new Document();
          doc.add(new StringField(DocumentMapper.ID, "d" + i, Field.Store.YES));
          writer.addDocument(doc);
        } else {
          add(writer, "d" + i, 1_000L * i);
          expected.put("d" + i, 1_000L * i);
        }
      }
      writer.commit();
      assertValues(d, expected);
      writer.forceMerge(1);
      writer.commit();
      assertValues(d, expected);
      writer.close();
      assertTrue(clean(d));
    }
  }

  @Test
  void segmentsOfLucenesFormatMergeWithThese() throws IOException {
    Map<String, Long> expected = new HashMap<>();
    try (Directory d = FSDirectory.open(dir)) {
      write(d, new Lucene912Codec(), 0, expected, i -> 5_000_000_000L * i);
      write(d, new PartitionCodec(), 2_000, expected, i -> 5_000_000_000L * i + 1);
      assertValues(d, expected);
      try (IndexWriter writer = new IndexWriter(d, config(new PartitionCodec()))) {
        writer.forceMerge(1);
      }
      assertValues(d, expected);
      assertTrue(clean(d));
    }
  }

  @Test
  void timesInOrderTakeFarFewerBytesThanInLucenesFormat() throws IOException {
    Random random = new Random(5);
    long[] times = new long[200_000];
    long time = 1_795_435_200_000_000_000L;
    for (int i = 0; i < times.length; i++) {
      // a busy node's log lines: a few microseconds to milliseconds apart, in nanoseconds
      time += random.nextInt(1_000_000);
      times[i] = time;
    }
    long ours = timestampBytes(dir.resolve("ours"), new PartitionCodec(), times);
    long lucene = timestampBytes(dir.resolve("lucene"), new Lucene912Codec(), times);
    assertTrue(ours < lucene * 0.7, "differences: " + ours + " bytes, Lucene's: " + lucene);
  }

  /** Bytes of the doc-values files of an index of documents holding nothing but {@code times}. */
  private static long timestampBytes(Path path, Codec codec, long[] times) throws IOException {
    try (Directory d = FSDirectory.open(path);
        IndexWriter writer = new IndexWriter(d, config(codec).setIndexSort(Partition.INDEX_SORT))) {
      for (long time : times) {
        Document doc = new Document();
        doc.add(new NumericDocValuesField(Mapping.TIMESTAMP, time));
        writer.addDocument(doc);
      }
      writer.forceMerge(1);
      writer.commit();
      long bytes = 0;
      for (String file : d.listAll()) {
        if (file.endsWith(".dvd") || file.endsWith(".dvm") || file.endsWith(".tsd") || file.endsWith(".tsm")) {
          bytes += d.fileLength(file);
        }
      }
      return bytes;
    }
  }

  private static IndexWriterConfig config(Codec codec) {
    return new IndexWriterConfig().setCodec(codec).setUseCompoundFile(false);
  }

  private static void write(Directory d, Codec codec, int from, Map<String, Long> expected, LongUnaryOperator value)
      throws IOException {
    try (IndexWriter writer = new IndexWriter(d, config(codec).setIndexSort(new Sort(
        new SortField(Mapping.TIMESTAMP, SortField.Type.LONG, true))))) {
      for (int i = from; i < from + 2_000; i++) {
        add(writer, "d" + i, value.applyAsLong(i));
        expected.put("d" + i, value.applyAsLong(i));
      }
    }
  }

  private static void add(IndexWriter writer, String id, long value) throws IOException {
    Document doc = new Document();
    doc.add(new StringField(DocumentMapper.ID, id, Field.Store.YES));
    doc.add(new NumericDocValuesField(Mapping.TIMESTAMP, value));
    writer.addDocument(doc);
  }

  /** Each document's value, read in order (by advanceExact and by nextDoc) and by jumps, is the one it was given. */
  private static void assertValues(Directory d, Map<String, Long> expected) throws IOException {
    try (DirectoryReader reader = DirectoryReader.open(d)) {
      int seen = 0;
      for (LeafReaderContext leaf : reader.leaves()) {
        StoredFields stored = leaf.reader().storedFields();
        Long[] wanted = new Long[leaf.reader().maxDoc()];
        for (int doc = 0; doc < wanted.length; doc++) {
          wanted[doc] = expected.get(stored.document(doc).get(DocumentMapper.ID));
        }
        NumericDocValues exact = leaf.reader().getNumericDocValues(Mapping.TIMESTAMP);
        for (int doc = 0; doc < wanted.length; doc++) {
          assertEquals(wanted[doc] != null, exact.advanceExact(doc), "doc " + doc);
          if (wanted[doc] != null) {
            assertEquals(wanted[doc], exact.longValue(), "doc " + doc);
            seen++;
          }
        }
        NumericDocValues next = leaf.reader().getNumericDocValues(Mapping.TIMESTAMP);
        int withValues = 0;
        for (int doc = next.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = next.nextDoc()) {
          assertEquals(wanted[doc], next.longValue(), "doc " + doc);
          withValues++;
        }
        assertEquals(Arrays.stream(wanted).filter(Objects::nonNull).count(), withValues);
        Random random = new Random(leaf.ord);
        NumericDocValues jumps = leaf.reader().getNumericDocValues(Mapping.TIMESTAMP);
        for (int jump = 0; jump < 300; jump++) {
          int doc = random.nextInt(wanted.length);
          if (doc <= jumps.docID()) {
            jumps = leaf.reader().getNumericDocValues(Mapping.TIMESTAMP);
          }
          assertEquals(wanted[doc] != null, jumps.advanceExact(doc), "doc " + doc);
          if (wanted[doc] != null) {
            assertEquals(wanted[doc], jumps.longValue(), "doc " + doc);
          }
        }
      }
      assertEquals(expected.size(), seen);
    }
  }

  private static boolean clean(Directory d) throws IOException {
    try (CheckIndex check = new CheckIndex(d)) {
      return check.checkIndex().clean;
    }
  }
}
