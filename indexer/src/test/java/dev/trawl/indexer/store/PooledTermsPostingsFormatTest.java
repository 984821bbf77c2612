package dev.trawl.indexer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PooledTermsPostingsFormatTest {
  /** In every document: an id-like word too frequent to pool. */
  private static final String POD = "web-5d78c9869d-x2x4q";

  @TempDir
  Path dir;

  @Test
  void rareIdLikeWordsLiveInPoolsAndEveryOtherWordAsATerm() throws IOException {
    List<String> traces = traces(90);
    try (Directory d = FSDirectory.open(dir)) {
      try (IndexWriter w = new IndexWriter(d, config(new PartitionCodec()))) {
        for (int i = 0; i < traces.size(); i++) {
          w.addDocument(message(i, "pod " + POD + " trace " + traces.get(i) + (i == 7 ? " kraken sighted" : "")));
          if (i % 30 == 29) {
            w.commit();
          }
        }
      }
      assertPooled(d, traces, 3);
      try (IndexWriter w = new IndexWriter(d, config(new PartitionCodec()).setMergePolicy(new TieredMergePolicy()))) {
        w.forceMerge(1);
      }
      assertPooled(d, traces, 1);
      assertTrue(check(d), "the merged index checks clean");
      try (DirectoryReader r = DirectoryReader.open(d)) {
        assertTrue(hasTerm(r.leaves().get(0).reader(), "kraken"), "a rare word that does not look like an id stays a term");
      }
    }
  }

  @Test
  void aMergePoolsTheRareWordsOfSegmentsWrittenBeforePools() throws IOException {
    List<String> traces = traces(40);
    try (Directory d = FSDirectory.open(dir)) {
      try (IndexWriter w = new IndexWriter(d, config(new Lucene912Codec()))) {
        for (int i = 0; i < 20; i++) {
          w.addDocument(message(i, "pod " + POD + " trace " + traces.get(i)));
        }
      }
      try (DirectoryReader r = DirectoryReader.open(d)) {
        assertTrue(hasTerm(r.leaves().get(0).reader(), traces.get(3)), "Lucene's own codec keeps every word");
      }
      try (IndexWriter w = new IndexWriter(d, config(new PartitionCodec()).setMergePolicy(new TieredMergePolicy()))) {
        for (int i = 20; i < 40; i++) {
          w.addDocument(message(i, "pod " + POD + " trace " + traces.get(i)));
        }
        w.forceMerge(1);
      }
      assertPooled(d, traces, 1);
      assertTrue(check(d), "the merged index checks clean");
    }
  }

  @Test
  void wordsOfOnePoolKeepTheirOwnDocumentsAndPositions() throws IOException {
    String[] same = SamePoolWords.pair();
    try (Directory d = FSDirectory.open(dir)) {
      try (IndexWriter w = new IndexWriter(d, config(new PartitionCodec()))) {
        w.addDocument(message(0, "a " + same[0] + " b"));
        w.addDocument(message(1, "nothing pooled here"));
        w.addDocument(message(2, same[1] + " c d " + same[0]));
      }
      try (DirectoryReader r = DirectoryReader.open(d)) {
        LeafReader leaf = r.leaves().get(0).reader();
        PostingsEnum pool = leaf.postings(new Term(PooledTerms.FIELD, PooledTerms.poolTermOf(new BytesRef(same[0]))), PostingsEnum.POSITIONS);
        assertEquals(List.of("0:[1]", "2:[0, 3]"), postings(pool, leaf));
        assertFalse(hasTerm(leaf, same[0]));
        assertFalse(hasTerm(leaf, same[1]));
      }
    }
  }

  @Test
  void aWriterPoolsNoMoreThanItsMemoryAllowsAndKeepsTheRestAsTerms() throws IOException {
    List<String> traces = traces(50);
    try (Directory d = FSDirectory.open(dir)) {
      try (IndexWriter w = new IndexWriter(d, config(new Lucene912Codec()))) {
        for (int i = 0; i < traces.size(); i++) {
          w.addDocument(message(i, "trace " + traces.get(i)));
        }
      }
      try (DirectoryReader r = DirectoryReader.open(d)) {
        // each pooled word holds three ints: its document, its frequency, its position
        TermsEnum written = new PoolingTerms(r.leaves().get(0).reader().terms(PooledTerms.FIELD), 30).iterator();
        List<String> words = new ArrayList<>();
        int pooledDocs = 0;
        BytesRef previous = null;
        for (BytesRef term = written.next(); term != null; term = written.next()) {
          assertTrue(previous == null || previous.compareTo(term) < 0, "terms in order");
          previous = BytesRef.deepCopyOf(term);
          if (PooledTerms.isPool(term)) {
            PostingsEnum docs = written.postings(null, PostingsEnum.POSITIONS);
            while (docs.nextDoc() != PostingsEnum.NO_MORE_DOCS) {
              pooledDocs++;
            }
          } else {
            words.add(term.utf8ToString());
          }
        }
        assertEquals(10, pooledDocs, "words pooled until 30 ints were held");
        assertEquals(traces.size() - 10 + 1, words.size(), "the rest stay terms, beside \"trace\"");
      }
    }
  }

  private static void assertPooled(Directory d, List<String> traces, int segments) throws IOException {
    try (DirectoryReader r = DirectoryReader.open(d)) {
      assertEquals(segments, r.leaves().size());
      for (LeafReaderContext leaf : r.leaves()) {
        LeafReader reader = leaf.reader();
        assertTrue(hasTerm(reader, "5d78c9869d"), "a word in more documents than a pool takes stays a term");
        assertTrue(hasTerm(reader, "trace"));
        for (int doc = 0; doc < reader.maxDoc(); doc++) {
          String trace = traces.get(Integer.parseInt(reader.storedFields().document(doc).get("n")));
          assertFalse(hasTerm(reader, trace), trace + " has a term of its own");
          PostingsEnum pool = reader.postings(new Term(PooledTerms.FIELD, PooledTerms.poolTermOf(new BytesRef(trace))), PostingsEnum.POSITIONS);
          assertEquals(doc, pool.advance(doc), trace + "'s pool lists its document");
          assertTrue(positions(pool).contains(5), trace + "'s pool holds its position");
        }
      }
    }
  }

  private static boolean check(Directory d) throws IOException {
    try (CheckIndex check = new CheckIndex(d)) {
      return check.checkIndex().clean;
    }
  }

  private static IndexWriterConfig config(Codec codec) {
    return new IndexWriterConfig(new FieldAnalyzer()).setCodec(codec).setMergePolicy(NoMergePolicy.INSTANCE);
  }

  private static Document message(int n, String text) {
    Document doc = new Document();
    doc.add(new StringField("n", Integer.toString(n), Field.Store.YES));
    doc.add(new TextField(PooledTerms.FIELD, text, Field.Store.NO));
    return doc;
  }

  private static boolean hasTerm(LeafReader reader, String word) throws IOException {
    TermsEnum terms = reader.terms(PooledTerms.FIELD).iterator();
    return terms.seekExact(new BytesRef(word));
  }

  private static List<Integer> positions(PostingsEnum postings) throws IOException {
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < postings.freq(); i++) {
      positions.add(postings.nextPosition());
    }
    return positions;
  }

  private static List<String> postings(PostingsEnum postings, LeafReader reader) throws IOException {
    List<String> out = new ArrayList<>();
    for (int doc = postings.nextDoc(); doc != PostingsEnum.NO_MORE_DOCS; doc = postings.nextDoc()) {
      out.add(reader.storedFields().document(doc).get("n") + ":" + positions(postings));
    }
    return out;
  }

  private static List<String> traces(int n) {
    Random random = new Random(11);
    List<String> traces = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      traces.add(String.format(Locale.ROOT, "%016x", random.nextLong() | 1L << 60));
    }
    return traces;
  }

}
