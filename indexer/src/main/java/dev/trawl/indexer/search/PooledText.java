package dev.trawl.indexer.search;

import dev.trawl.indexer.store.DocumentMapper;
import dev.trawl.indexer.store.LogAnalyzer;
import dev.trawl.indexer.store.PooledTerms;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.util.BytesRef;

/**
 * Whether a document's own text matches a term or phrase of {@code message}: its source read back,
 * its {@code message} values analysed as indexing did, into a one-document index the query runs on.
 * Most candidates a pool gives hold another word of the pool, not the one asked for: a document
 * whose stored bytes do not hold the asked-for id-like words, in any ASCII case, is turned down
 * before its source is filled and parsed. Documents are asked for in increasing order, as a
 * segment's iterators give them.
 */
final class PooledText {
  private static final Analyzer ANALYZER = new LogAnalyzer();
  private final LeafReader reader;
  private final Query exact;
  private final List<byte[]> pooledWords = new ArrayList<>();
  private final MemoryIndex text = new MemoryIndex();
  private StoredDocuments.SegmentSources sources;

  PooledText(LeafReader reader, Query exact) {
    this.reader = reader;
    this.exact = exact;
    exact.visit(new QueryVisitor() {
      @Override
      public void consumeTerms(Query query, Term... terms) {
        for (Term term : terms) {
          if (PooledTerms.looksLikeId(term.bytes())) {
            pooledWords.add(BytesRef.deepCopyOf(term.bytes()).bytes);
          }
        }
      }
    });
  }

  boolean matches(int doc) throws IOException {
    if (sources == null) {
      sources = new StoredDocuments.SegmentSources(reader);
    }
    byte[] source = sources.source(doc, this::mayHoldPooledWords);
    if (source == null) {
      return false;
    }
    text.reset();
    for (String value : DocumentMapper.texts(source, PooledTerms.FIELD)) {
      text.addField(PooledTerms.FIELD, value, ANALYZER);
    }
    return text.search(exact) > 0;
  }

  /**
   * False only when some asked-for word is surely not in the text: not in the stored bytes in any
   * ASCII case, the word all ASCII (other letters lower-case otherwise), and no {@code \\u} escape
   * in the bytes (which could spell any of its characters).
   */
  private boolean mayHoldPooledWords(byte[] stored) {
    if (indexOf(stored, new byte[] {'\\', 'u'}) >= 0) {
      return true;
    }
    for (byte[] word : pooledWords) {
      if (!isAscii(word)) {
        continue;
      }
      if (indexOf(stored, word) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Where {@code word} (lower-case ASCII) starts in {@code bytes} in any ASCII case, or -1. */
  private static int indexOf(byte[] bytes, byte[] word) {
    outer:
    for (int i = 0; i <= bytes.length - word.length; i++) {
      for (int j = 0; j < word.length; j++) {
        if (lower(bytes[i + j]) != word[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static byte lower(byte b) {
    return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
  }

  private static boolean isAscii(byte[] word) {
    for (byte b : word) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }
}
