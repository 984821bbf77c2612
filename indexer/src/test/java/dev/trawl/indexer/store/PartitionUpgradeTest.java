package dev.trawl.indexer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.PostingsFormat;
import org.apache.lucene.codecs.bloom.BloomFilteringPostingsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912PostingsFormat;
import org.apache.lucene.codecs.perfield.PerFieldPostingsFormat;
import dev.trawl.indexer.search.IdQueries;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.SortedNumericDocValuesField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.Field;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValuesType;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.IndexSortSortedNumericDocValuesRangeQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A partition written by an earlier version takes new documents as it took them; a new one as now. */
class PartitionUpgradeTest {
  private static final long T = 1_795_435_200_000_000_000L;
  /** Base64 of "old-id": kept as UTF-8 by versions before {@link IdCodec}. */
  private static final String OLD_ID = "b2xkLWlk";
  private static final String COLLECTOR_ID = "GB16mySHghdKTx9XfSP6Iw";

  @TempDir Path dir;

  @Test
  void aNewPartitionKeepsBase64IdsAsBytesAcrossRestarts() throws Exception {
    PartitionName name = PartitionName.of("logs", T, PartitionName.Granularity.DAY);
    byte[] source = "{\"@timestamp\":\"2026-11-23T12:00:01Z\",\"message\":\"m\"}".getBytes(StandardCharsets.UTF_8);
    try (Partition partition = new Partition(name, dir, 1000)) {
      partition.add(COLLECTOR_ID, partition.mapping().id(COLLECTOR_ID), DocumentMapper.build(DocumentMapper.parse(COLLECTOR_ID, source, 0), partition.mapping()).document(), false);
      partition.refresh();
      partition.commit(1);
    }
    try (Partition reopened = new Partition(name, dir, 1000)) {
      assertTrue(contains(reopened, COLLECTOR_ID), "found in the terms after a restart");
      IndexSearcher searcher = reopened.acquire();
      try {
        assertEquals(1, searcher.count(SortedDocValuesField.newSlowExactQuery(DocumentMapper.ID, IdCodec.encode(COLLECTOR_ID))), "held as bytes");
        assertEquals(0, searcher.count(SortedDocValuesField.newSlowExactQuery(DocumentMapper.ID, new BytesRef(COLLECTOR_ID))), "not as text");
      } finally {
        reopened.release(searcher);
      }
      partitionIds(reopened, 1);
    }
  }

  @Test
  void idsBehindTheBloomFiltersOfEarlierSegmentsAreFoundAndMergedAway() throws Exception {
    PartitionName name = PartitionName.of("logs", T, PartitionName.Granularity.DAY);
    byte[] source = "{\"@timestamp\":\"2026-11-23T12:00:01Z\",\"message\":\"m\"}".getBytes(StandardCharsets.UTF_8);
    // as versions before IdFilters wrote segments: under the same codec name, _id behind a bloom filter
    try (FSDirectory directory = FSDirectory.open(dir);
        IndexWriter writer = new IndexWriter(directory, Partition.writerConfig().setCodec(new BloomIdCodec()))) {
      Mapping mapping = new Mapping(1000);
      mapping.keepIdTerms();
      writer.addDocument(DocumentMapper.build(DocumentMapper.parse(COLLECTOR_ID, source, 0), mapping).document());
      writer.setLiveCommitData(java.util.Map.of(Partition.ID_ENCODING, "base64-as-bytes").entrySet());
      writer.commit();
      assertEquals("BloomFilter", idPostingsFormat(directory));
    }
    try (Partition partition = new Partition(name, dir, 1000)) {
      assertTrue(contains(partition, COLLECTOR_ID), "an id behind a segment's bloom filter is found");
      assertFalse(contains(partition, "b3RoZXI"), "an id it never had is not");
      partition.add("bmV3", partition.mapping().id("bmV3"), DocumentMapper.build(DocumentMapper.parse("bmV3", source, 0), partition.mapping()).document(), false);
      assertTrue(contains(partition, "bmV3"), "an id added since the filters were built is found before a refresh");
      partition.refresh();
      partition.commit(1);
    }
    try (FSDirectory directory = FSDirectory.open(dir);
        IndexWriter writer = new IndexWriter(directory, Partition.writerConfig().setCommitOnClose(false))) {
      writer.forceMerge(1);
      writer.commit();
      assertEquals("Lucene912", idPostingsFormat(directory), "merged without a bloom filter");
    }
    try (Partition reopened = new Partition(name, dir, 1000)) {
      partitionIds(reopened, 2);
      assertFalse(contains(reopened, "b3RoZXI"));
    }
  }

  /** The postings format of {@code _id} in the one segment of the last commit. */
  private static String idPostingsFormat(FSDirectory directory) throws Exception {
    try (DirectoryReader reader = DirectoryReader.open(directory)) {
      assertEquals(1, reader.leaves().size());
      return reader.leaves().get(0).reader().getFieldInfos().fieldInfo(DocumentMapper.ID)
          .getAttribute(PerFieldPostingsFormat.PER_FIELD_FORMAT_KEY);
    }
  }

  /** The codec segments were written with before {@link IdFilters}: the same name, a bloom filter in front of ids. */
  private static final class BloomIdCodec extends FilterCodec {
    private final PostingsFormat postings = new PerFieldPostingsFormat() {
      private final PostingsFormat ids = new BloomFilteringPostingsFormat(new Lucene912PostingsFormat());
      private final PostingsFormat others = new Lucene912PostingsFormat();

      @Override
      public PostingsFormat getPostingsFormatForField(String field) {
        return DocumentMapper.ID.equals(field) ? ids : others;
      }
    };

    BloomIdCodec() {
      super(PartitionCodec.NAME, new PartitionCodec());
    }

    @Override
    public PostingsFormat postingsFormat() {
      return postings;
    }
  }

  private static boolean contains(Partition partition, String id) throws Exception {
    return partition.contains(id, partition.mapping().id(id));
  }

  /** Every id of the partition, stored or in doc values, reads back as a string the partition finds. */
  private static void partitionIds(Partition partition, int expected) throws Exception {
    IndexSearcher searcher = partition.acquire();
    try {
      assertEquals(expected, searcher.count(new MatchAllDocsQuery()));
      for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
        SortedDocValues docValueIds = IdCodec.docValues(leaf.reader());
        for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
          String id = docValueIds != null && docValueIds.advanceExact(doc)
              ? IdCodec.decode(docValueIds.lookupOrd(docValueIds.ordValue()))
              : IdCodec.of(leaf.reader().storedFields().document(doc));
          assertTrue(contains(partition, id), id);
          assertEquals(1, searcher.count(IdQueries.exact(List.of(id))), id);
        }
      }
    } finally {
      partition.release(searcher);
    }
  }

  @Test
  void aPartitionWrittenBeforeIdsWentIntoDocValuesKeepsThemAsTermsAndANewOneHoldsEachIdOnce() throws Exception {
    byte[] source = "{\"@timestamp\":\"2026-11-23T12:00:01Z\",\"message\":\"m\"}".getBytes(StandardCharsets.UTF_8);
    byte[] replacement = "{\"@timestamp\":\"2026-11-23T12:00:02Z\",\"message\":\"replaced\"}".getBytes(StandardCharsets.UTF_8);
    Path old = dir.resolve("old");
    // as versions before ids went into doc values wrote a partition: each id indexed and stored
    try (FSDirectory directory = FSDirectory.open(old); IndexWriter writer = new IndexWriter(directory, Partition.writerConfig())) {
      Mapping before = new Mapping(1000);
      before.keepIdTerms();
      writer.addDocument(DocumentMapper.build(DocumentMapper.parse(COLLECTOR_ID, source, 0), before).document());
      writer.setLiveCommitData(java.util.Map.of(Partition.ID_ENCODING, "base64-as-bytes").entrySet());
      writer.commit();
    }
    PartitionName name = PartitionName.of("logs", T, PartitionName.Granularity.DAY);
    for (Path partitionDir : List.of(old, dir.resolve("fresh"))) {
      boolean written = partitionDir == old;
      for (int restart = 0; restart < 2; restart++) {
        try (Partition partition = new Partition(name, partitionDir, 1000)) {
          String id = "id" + restart;
          Document doc = DocumentMapper.build(DocumentMapper.parse(id, source, 0), partition.mapping()).document();
          IndexableField idField = doc.getField(DocumentMapper.ID);
          assertEquals(written ? IndexOptions.DOCS : IndexOptions.NONE, idField.fieldType().indexOptions(), partitionDir + " " + restart);
          assertEquals(written, idField.fieldType().stored(), partitionDir + " " + restart);
          assertEquals(written ? DocValuesType.NONE : DocValuesType.SORTED, idField.fieldType().docValuesType(), partitionDir + " " + restart);
          assertFalse(contains(partition, id), "a new id is not found");
          partition.add(id, partition.mapping().id(id), doc, false);
          assertTrue(contains(partition, id), "found before a refresh");
          // replaced while the first is in the writer's buffer, then again once it is in a segment
          partition.add(id, partition.mapping().id(id), DocumentMapper.build(DocumentMapper.parse(id, source, 0), partition.mapping()).document(), true);
          partition.refresh();
          partition.add(id, partition.mapping().id(id), DocumentMapper.build(DocumentMapper.parse(id, replacement, 0), partition.mapping()).document(), true);
          partition.refresh();
          partition.commit(1);
          IndexSearcher searcher = partition.acquire();
          try {
            assertEquals(1, searcher.count(IdQueries.exact(List.of(id))), "replaced, not added: " + partitionDir + " " + restart);
            Query replaced = new BooleanQuery.Builder().add(IdQueries.exact(List.of(id)), BooleanClause.Occur.FILTER)
                .add(new TermQuery(new Term(Mapping.MESSAGE, "replaced")), BooleanClause.Occur.FILTER).build();
            assertEquals(1, searcher.count(replaced), "by the last one: " + partitionDir + " " + restart);
          } finally {
            partition.release(searcher);
          }
          partitionIds(partition, written ? 2 + restart : 1 + restart);
        }
      }
      try (FSDirectory directory = FSDirectory.open(partitionDir);
          IndexWriter writer = new IndexWriter(directory, Partition.writerConfig().setCommitOnClose(false))) {
        writer.forceMerge(1);
        writer.commit();
      }
      try (Partition merged = new Partition(name, partitionDir, 1000)) {
        partitionIds(merged, written ? 3 : 2);
        assertTrue(contains(merged, "id0") && contains(merged, "id1") && !contains(merged, "id2"), "merged: " + partitionDir);
      }
      try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(partitionDir))) {
        for (LeafReaderContext leaf : reader.leaves()) {
          FieldInfo ids = leaf.reader().getFieldInfos().fieldInfo(DocumentMapper.ID);
          assertEquals(written ? IndexOptions.DOCS : IndexOptions.NONE, ids.getIndexOptions(), "every segment one way: " + partitionDir);
          assertEquals(written ? DocValuesType.NONE : DocValuesType.SORTED, ids.getDocValuesType(), "every segment one way: " + partitionDir);
        }
      }
    }
  }

  @Test
  void aPartitionWhoseTimesAndNumbersHavePointsKeepsGivingThemPoints() throws Exception {
    // as versions before points were dropped wrote a document
    try (FSDirectory directory = FSDirectory.open(dir); IndexWriter writer = new IndexWriter(directory, Partition.writerConfig())) {
      Document old = new Document();
      old.add(new StringField(DocumentMapper.ID, OLD_ID, Field.Store.YES));
      old.add(new StoredField(DocumentMapper.SOURCE, "{\"@timestamp\":\"2026-11-23T12:00:00Z\",\"message\":\"old\",\"bytes\":5}"));
      old.add(new LongField("bytes", 5, Field.Store.NO));
      old.add(new LongPoint(Mapping.TIMESTAMP, T));
      old.add(new NumericDocValuesField(Mapping.TIMESTAMP, T));
      writer.addDocument(old);
      writer.commit();
    }
    PartitionName name = PartitionName.of("logs", T, PartitionName.Granularity.DAY);
    try (Partition partition = new Partition(name, dir, 1000)) {
      byte[] source = "{\"@timestamp\":\"2026-11-23T12:00:01Z\",\"message\":\"new\",\"bytes\":7}".getBytes(StandardCharsets.UTF_8);
      assertTrue(contains(partition, OLD_ID), "an id stored as UTF-8 is found");
      partition.add("new", partition.mapping().id("new"), DocumentMapper.build(DocumentMapper.parse("new", source, 0), partition.mapping()).document(), false);
      partition.refresh();
      partition.commit(1);
      IndexSearcher searcher = partition.acquire();
      try {
        assertEquals(2, searcher.count(new MatchAllDocsQuery()));
        Query points = LongPoint.newRangeQuery(Mapping.TIMESTAMP, T, T + 1_000_000_000L);
        assertEquals(2, searcher.count(points), "both documents have points");
        assertEquals(1, searcher.count(new IndexSortSortedNumericDocValuesRangeQuery(Mapping.TIMESTAMP, T + 1, Long.MAX_VALUE, points)));
        assertEquals(2, searcher.count(LongPoint.newRangeQuery("bytes", 0, 10)), "both numbers have points");
        assertEquals(1, searcher.count(SortedNumericDocValuesField.newSlowExactQuery("bytes", 7)));
      } finally {
        partition.release(searcher);
      }
    }
    try (Partition reopened = new Partition(name, dir, 1000)) {
      assertTrue(contains(reopened, OLD_ID), "an id stored as UTF-8 is found after the upgrade");
      assertTrue(contains(reopened, "new"));
      partitionIds(reopened, 2);
    }
    try (Partition fresh = new Partition(name, dir.resolve("fresh"), 1000)) {
      byte[] source = "{\"@timestamp\":\"2026-11-23T12:00:01Z\",\"bytes\":7,\"ratio\":0.5}".getBytes(StandardCharsets.UTF_8);
      Document doc = DocumentMapper.build(DocumentMapper.parse("f", source, 0), fresh.mapping()).document();
      assertTrue(Arrays.stream(doc.getFields(Mapping.TIMESTAMP)).allMatch(f -> f.fieldType().pointDimensionCount() == 0),
          "a new partition's times have no points");
      for (String number : new String[] {"bytes", "ratio"}) {
        IndexableField[] fields = doc.getFields(number);
        assertEquals(1, fields.length, number);
        assertEquals(0, fields[0].fieldType().pointDimensionCount(), "a new partition's numbers have no points: " + number);
        assertEquals(DocValuesType.SORTED_NUMERIC, fields[0].fieldType().docValuesType(), number);
      }
    }
  }

  @Test
  void aPartitionWrittenBeforeSeriesKeysKeepsItsFieldsApartAndANewOneKeysThem() throws Exception {
    byte[] source = "{\"@timestamp\":\"2026-11-23T12:00:01Z\",\"kubernetes\":{\"namespace\":\"shop\"}}".getBytes(StandardCharsets.UTF_8);
    Path old = dir.resolve("old");
    // as versions before series keys wrote a partition: the namespace a keyword of its own
    try (FSDirectory directory = FSDirectory.open(old); IndexWriter writer = new IndexWriter(directory, Partition.writerConfig())) {
      Mapping before = new Mapping(1000);
      before.keepFieldsApart();
      before.keepIdTerms();
      writer.addDocument(DocumentMapper.build(DocumentMapper.parse("a", source, 0), before).document());
      writer.setLiveCommitData(java.util.Map.of(Partition.ID_ENCODING, "base64-as-bytes").entrySet());
      writer.commit();
    }
    PartitionName name = PartitionName.of("logs", T, PartitionName.Granularity.DAY);
    for (int restart = 0; restart < 2; restart++) {
      try (Partition partition = new Partition(name, old, 1000)) {
        Document doc = DocumentMapper.build(DocumentMapper.parse("b" + restart, source, 0), partition.mapping()).document();
        assertEquals(null, doc.getField(dev.trawl.indexer.series.SeriesKey.FIELD), "no key in a partition written before");
        assertEquals(1, doc.getFields("kubernetes.namespace").length, "the namespace a field of its own");
        partition.add("b" + restart, partition.mapping().id("b" + restart), doc, false);
        partition.refresh();
        partition.commit(1);
        IndexSearcher searcher = partition.acquire();
        try {
          assertEquals(2 + restart, searcher.count(new TermQuery(new Term("kubernetes.namespace", "shop"))));
        } finally {
          partition.release(searcher);
        }
      }
    }
    Path fresh = dir.resolve("fresh");
    for (int restart = 0; restart < 2; restart++) {
      try (Partition partition = new Partition(name, fresh, 1000)) {
        Document doc = DocumentMapper.build(DocumentMapper.parse("c" + restart, source, 0), partition.mapping()).document();
        assertEquals(0, doc.getFields("kubernetes.namespace").length, "a new partition keys the namespace, restart " + restart);
        partition.add("c" + restart, partition.mapping().id("c" + restart), doc, false);
        partition.refresh();
        partition.commit(1);
        IndexSearcher searcher = partition.acquire();
        try {
          assertEquals(1 + restart, searcher.count(new TermQuery(new Term("kubernetes.namespace", "shop"))), "found through the key");
        } finally {
          partition.release(searcher);
        }
      }
    }
  }
}
