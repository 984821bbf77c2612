package dev.trawl.indexer.store;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.util.BytesRef;

/** Id-like words that share a pool term, for tests that must tell pooled words apart. */
public final class SamePoolWords {
  private SamePoolWords() {}

  /** Two different 16-digit hex words of one pool. */
  public static String[] pair() {
    Random random = new Random(11);
    Map<BytesRef, String> seen = new HashMap<>();
    for (int i = 0; i < 100_000; i++) {
      String word = String.format(Locale.ROOT, "%016x", random.nextLong() | 1L << 60);
      String other = seen.putIfAbsent(PooledTerms.poolTermOf(new BytesRef(word)), word);
      if (other != null && !other.equals(word)) {
        return new String[] {other, word};
      }
    }
    throw new AssertionError("no two of 100,000 words share one of " + PooledTerms.POOLS + " pools");
  }
}
