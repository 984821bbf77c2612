package dev.trawl.indexer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.indexer.series.SeriesKey;
import dev.trawl.indexer.series.SeriesReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValuesType;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RegexpQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortedSetSortField;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.automaton.RegExp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Documents indexed with series keys read, through {@link SeriesReader}, exactly as the same
 * documents indexed with each field on its own: the same terms with the same document
 * frequencies and postings, the same doc values, the same hits for every kind of keyword query,
 * in flushed segments, with deletions, and merged.
 */
class SeriesFieldsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] FIELDS = {"kubernetes.namespace", "kubernetes.pod.name", "kubernetes.labels.app",
      "kubernetes.node.name", "container.image.name", "stream", "log.file.path", "log.level"};

  /** How the postings compared were read: one series' own, several merged, or many walked. */
  private static final java.util.Set<String> READ_AS = new java.util.HashSet<>();

  @TempDir Path dir;

  @Test
  void seriesFieldsReadAsFieldsOfTheirOwn() throws Exception {
    Mapping series = new Mapping(1000);
    Mapping apart = new Mapping(1000);
    apart.keepFieldsApart();
    // ids as stored terms, so documents are deleted by term and named from their stored fields
    series.keepIdTerms();
    apart.keepIdTerms();
    SplittableRandom random = new SplittableRandom(20261206);
    try (FSDirectory a = FSDirectory.open(dir.resolve("series")); FSDirectory b = FSDirectory.open(dir.resolve("apart"));
        IndexWriter withSeries = writer(a); IndexWriter fieldsApart = writer(b)) {
      for (int i = 0; i < 3000; i++) {
        byte[] source = JSON.writeValueAsBytes(document(i, random));
        String id = "d" + i;
        withSeries.addDocument(DocumentMapper.build(DocumentMapper.parse(id, source, 0), series).document());
        fieldsApart.addDocument(DocumentMapper.build(DocumentMapper.parse(id, source, 0), apart).document());
        if (i % 700 == 699) {
          withSeries.commit();
          fieldsApart.commit();
        }
        if (i % 97 == 5) {
          Term deleted = new Term(DocumentMapper.ID, series.id("d" + (i / 2)));
          withSeries.deleteDocuments(deleted);
          fieldsApart.deleteDocuments(deleted);
        }
      }
      withSeries.commit();
      fieldsApart.commit();
      assertSameReading(a, b);
      withSeries.forceMerge(1);
      fieldsApart.forceMerge(1);
      withSeries.commit();
      fieldsApart.commit();
      assertSameReading(a, b);
    }
    assertTrue(READ_AS.containsAll(List.of("UnionPostings", "SeriesScanPostings")), "both ways of reading many series: " + READ_AS);
  }

  @Test
  void aKeyTooLongLeavesTheValueInTheSourceAndNamesItIgnored() throws Exception {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("@timestamp", "2026-11-23T12:00:00Z");
    doc.put("kubernetes.namespace", "shop");
    for (int i = 0; i < 20; i++) {
      doc.put("kubernetes.annotations.a" + i, "v".repeat(1000));
    }
    byte[] source = JSON.writeValueAsBytes(doc);
    MappedDocument mapped = DocumentMapper.build(DocumentMapper.parse("x", source, 0), new Mapping(1000));
    BytesRef key = mapped.document().getBinaryValue(SeriesKey.FIELD);
    assertNotNull(key);
    assertTrue(key.length <= SeriesKey.MAX_BYTES, "the key stays under the cap: " + key.length);
    List<String> inKey = new ArrayList<>();
    SeriesKey.forEach(key, (field, value) -> inKey.add(field));
    assertTrue(inKey.contains("kubernetes.namespace"));
    List<String> ignored = new ArrayList<>();
    for (var field : mapped.document().getFields(DocumentMapper.IGNORED)) {
      ignored.add(field.binaryValue().utf8ToString());
    }
    assertEquals(21 - inKey.size(), ignored.size(), "each value left out of the key is named: " + ignored);
    assertEquals(ignored.size(), mapped.ignoredFields());
    assertFalse(ignored.contains("kubernetes.namespace"));
    assertTrue(new String(source, java.nio.charset.StandardCharsets.UTF_8).contains("a19"), "the source keeps them");
  }

  @Test
  void keysAreCanonical() {
    SeriesKey.Builder one = new SeriesKey.Builder();
    one.add("stream", new BytesRef("stdout"));
    one.add("kubernetes.labels.tier", new BytesRef("web"));
    one.add("kubernetes.labels.tier", new BytesRef("api"));
    SeriesKey.Builder other = new SeriesKey.Builder();
    other.add("kubernetes.labels.tier", new BytesRef("api"));
    other.add("kubernetes.labels.tier", new BytesRef("web"));
    other.add("stream", new BytesRef("stdout"));
    other.add("kubernetes.labels.tier", new BytesRef("web"));
    assertEquals(one.key(), other.key(), "the same values in another order, one twice, make the same key");
    List<String> pairs = new ArrayList<>();
    SeriesKey.forEach(one.key(), (field, value) -> pairs.add(field + "=" + value.utf8ToString()));
    assertEquals(List.of("kubernetes.labels.tier=api", "kubernetes.labels.tier=web", "stream=stdout"), pairs);
    assertTrue(SeriesKey.holds("kubernetes.pod.name") && SeriesKey.holds("container.id") && SeriesKey.holds("stream"));
    assertFalse(SeriesKey.holds("log.level") || SeriesKey.holds("streams") || SeriesKey.holds("kubernetes"));
  }

  private static IndexWriter writer(FSDirectory directory) throws Exception {
    // flushed only at commits and merged only when asked, so both indices have the same segments
    return new IndexWriter(directory, Partition.writerConfig().setMergePolicy(NoMergePolicy.INSTANCE)
        .setMergeScheduler(new SerialMergeScheduler()).setMaxBufferedDocs(100_000).setRAMBufferSizeMB(256));
  }

  /** Series of 40 containers, a few with two label values, a few documents with no series field at all. */
  private static Map<String, Object> document(int i, SplittableRandom random) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("@timestamp", "2026-11-23T" + String.format("%02d:%02d:%02d.%03dZ", i / 3600 % 24, i / 60 % 60, i % 60, random.nextInt(1000)));
    doc.put("message", "line " + i);
    doc.put("log", Map.of("level", random.nextBoolean() ? "info" : "warn"));
    if (random.nextInt(50) == 0) {
      return doc;
    }
    int container = random.nextInt(40);
    Map<String, Object> labels = new LinkedHashMap<>();
    labels.put("app", container % 7 == 0 ? List.of("app-" + container % 5, "shared") : "app-" + container % 5);
    doc.put("kubernetes", Map.of("namespace", "ns-" + container % 4, "pod", Map.of("name", "pod-" + container),
        "labels", labels, "node", Map.of("name", "node-" + container % 3)));
    if (container % 2 == 0) {
      doc.put("container", Map.of("image", Map.of("name", "registry/app:" + container % 6)));
    }
    doc.put("stream", random.nextInt(10) == 0 ? "stderr" : "stdout");
    doc.put("log.file.path", "/var/log/pods/ns-" + container % 4 + "_pod-" + container + "/app/0.log");
    return doc;
  }

  private static void assertSameReading(FSDirectory a, FSDirectory b) throws Exception {
    try (DirectoryReader withSeries = new SeriesReader(DirectoryReader.open(a)); DirectoryReader apart = DirectoryReader.open(b)) {
      assertEquals(apart.leaves().size(), withSeries.leaves().size());
      for (int l = 0; l < apart.leaves().size(); l++) {
        LeafReader expected = apart.leaves().get(l).reader();
        LeafReader actual = withSeries.leaves().get(l).reader();
        assertNotNull(actual.getFieldInfos().fieldInfo(SeriesKey.FIELD), "segment " + l + " holds series keys");
        assertNull(expected.getFieldInfos().fieldInfo(SeriesKey.FIELD));
        for (String field : FIELDS) {
          assertSameField(field, expected, actual);
        }
      }
      IndexSearcher expected = new IndexSearcher(apart);
      IndexSearcher actual = new IndexSearcher(withSeries);
      for (Query query : queries()) {
        assertEquals(hits(expected, query), hits(actual, query), query.toString());
      }
      Sort byPod = new Sort(new SortedSetSortField("kubernetes.pod.name", true), new SortedSetSortField("kubernetes.labels.app", false));
      assertEquals(sorted(expected, byPod), sorted(actual, byPod), "sorted by series fields");
    }
  }

  private static void assertSameField(String field, LeafReader expected, LeafReader actual) throws Exception {
    FieldInfo info = actual.getFieldInfos().fieldInfo(field);
    assertNotNull(info, field);
    assertEquals(IndexOptions.DOCS, info.getIndexOptions(), field);
    assertEquals(DocValuesType.SORTED_SET, info.getDocValuesType(), field);
    Terms want = expected.terms(field);
    Terms got = actual.terms(field);
    assertEquals(want.size(), got.size(), field);
    assertEquals(want.getDocCount(), got.getDocCount(), field);
    assertEquals(want.getSumDocFreq(), got.getSumDocFreq(), field);
    TermsEnum wantTerms = want.iterator();
    TermsEnum gotTerms = got.iterator();
    for (BytesRef term = wantTerms.next(); term != null; term = wantTerms.next()) {
      assertEquals(term, gotTerms.next(), field);
      assertEquals(wantTerms.docFreq(), gotTerms.docFreq(), field + "=" + term.utf8ToString());
      assertEquals(docs(wantTerms.postings(null, PostingsEnum.NONE)), docs(gotTerms.postings(null, PostingsEnum.NONE)),
          field + "=" + term.utf8ToString());
      PostingsEnum advancing = gotTerms.postings(null, PostingsEnum.NONE);
      READ_AS.add(advancing.getClass().getSimpleName());
      List<Integer> all = docs(wantTerms.postings(null, PostingsEnum.NONE));
      int target = all.get(all.size() / 2);
      assertEquals(target, advancing.advance(target), "advance to a document of " + term.utf8ToString());
    }
    assertNull(gotTerms.next(), field);
    for (String probe : new String[] {"", "a", "node-1", "pod-25", "pod-4", "stdout", "zz"}) {
      TermsEnum.SeekStatus status = wantTerms.seekCeil(new BytesRef(probe));
      assertEquals(status, gotTerms.seekCeil(new BytesRef(probe)), field + " seek " + probe);
      if (status != TermsEnum.SeekStatus.END) {
        assertEquals(wantTerms.term(), gotTerms.term(), field + " seek " + probe);
        assertEquals(wantTerms.docFreq(), gotTerms.docFreq(), field + " seek " + probe);
      }
    }
    SortedSetDocValues wantValues = expected.getSortedSetDocValues(field);
    SortedSetDocValues gotValues = actual.getSortedSetDocValues(field);
    assertEquals(wantValues.getValueCount(), gotValues.getValueCount(), field);
    for (int doc = 0; doc < expected.maxDoc(); doc++) {
      boolean has = wantValues.advanceExact(doc);
      assertEquals(has, gotValues.advanceExact(doc), field + " in " + doc);
      if (has) {
        assertEquals(values(wantValues), values(gotValues), field + " in " + doc);
      }
    }
    SortedSetDocValues iterated = actual.getSortedSetDocValues(field);
    SortedSetDocValues wantIterated = expected.getSortedSetDocValues(field);
    for (int doc = wantIterated.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = wantIterated.nextDoc()) {
      assertEquals(doc, iterated.nextDoc(), field);
    }
    assertEquals(DocIdSetIterator.NO_MORE_DOCS, iterated.nextDoc(), field);
  }

  private static List<Query> queries() {
    List<Query> queries = new ArrayList<>();
    queries.add(new TermQuery(new Term("kubernetes.namespace", "ns-2")));
    queries.add(KeywordField.newExactQuery("kubernetes.pod.name", "pod-7"));
    queries.add(new TermQuery(new Term("kubernetes.labels.app", "shared")));
    queries.add(new TermQuery(new Term("kubernetes.namespace", "nowhere")));
    queries.add(new TermInSetQuery("kubernetes.pod.name", List.of(new BytesRef("pod-1"), new BytesRef("pod-30"), new BytesRef("none"))));
    queries.add(new PrefixQuery(new Term("log.file.path", "/var/log/pods/ns-1_")));
    queries.add(new WildcardQuery(new Term("container.image.name", "*:4")));
    queries.add(new RegexpQuery(new Term("kubernetes.node.name", "NODE-[01]"), RegExp.ALL, RegExp.ASCII_CASE_INSENSITIVE, 10_000));
    queries.add(new TermRangeQuery("kubernetes.pod.name", new BytesRef("pod-1"), new BytesRef("pod-3"), true, false));
    queries.add(new FieldExistsQuery("container.image.name"));
    queries.add(new FieldExistsQuery("kubernetes.namespace"));
    queries.add(new BooleanQuery.Builder()
        .add(new TermQuery(new Term("stream", "stderr")), BooleanClause.Occur.MUST)
        .add(new TermQuery(new Term("log.level", "warn")), BooleanClause.Occur.FILTER)
        .add(new TermQuery(new Term("kubernetes.node.name", "node-2")), BooleanClause.Occur.MUST_NOT).build());
    return queries;
  }

  private static List<String> hits(IndexSearcher searcher, Query query) throws Exception {
    List<String> ids = new ArrayList<>();
    for (ScoreDoc hit : searcher.search(query, 10_000).scoreDocs) {
      ids.add(IdCodec.of(searcher.storedFields().document(hit.doc)));
    }
    ids.sort(null);
    return ids;
  }

  private static List<String> sorted(IndexSearcher searcher, Sort sort) throws Exception {
    List<String> ids = new ArrayList<>();
    for (ScoreDoc hit : searcher.search(new org.apache.lucene.search.MatchAllDocsQuery(), 10_000, sort).scoreDocs) {
      Document doc = searcher.storedFields().document(hit.doc);
      ids.add(IdCodec.of(doc));
    }
    return ids;
  }

  private static List<Integer> docs(PostingsEnum postings) throws Exception {
    List<Integer> docs = new ArrayList<>();
    for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
      docs.add(doc);
    }
    return docs;
  }

  private static List<String> values(SortedSetDocValues values) throws Exception {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < values.docValueCount(); i++) {
      all.add(values.lookupOrd(values.nextOrd()).utf8ToString());
    }
    return all;
  }
}
