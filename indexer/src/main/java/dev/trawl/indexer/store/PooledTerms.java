package dev.trawl.indexer.store;

import java.nio.charset.StandardCharsets;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.StringHelper;

/**
 * Which words of {@code message} share a pool term instead of a term of their own, and which pool.
 * Log lines carry ids (trace ids, request ids, hashes, long numbers) that occur in one line or a
 * few: each such word costs a terms-dictionary entry nearly as large as the word, a fifth of the
 * bytes of a partition. A word that looks like an id (five bytes or more, a digit among them) and
 * that a segment holds in at most {@link #MAX_POOLED_DOC_FREQ} documents is written into one of
 * {@link #POOLS} pool terms instead, with its documents and positions; a search for it reads its
 * pool's postings and checks each candidate's text ({@code search.PooledTermQueries}). A pool is
 * chosen by a hash of the word's bytes, the same in every segment, so merges keep pools whole.
 * Words written in pools are not found by prefix, wildcard or fuzzy patterns, as in log stores that
 * keep such words in per-block bloom filters.
 */
public final class PooledTerms {
  /** The field whose words are pooled. */
  public static final String FIELD = Mapping.MESSAGE;
  /** A segment pools an id-like word in at most this many of its documents. */
  static final int MAX_POOLED_DOC_FREQ = 4;
  /**
   * The shortest pooled word, in bytes: shorter ones (status codes, ports, years) are few enough
   * to be terms of their own, and a search for them never reads a pool.
   */
  static final int MIN_POOLED_LENGTH = 5;
  private static final int POOL_BITS = 16;
  /**
   * The number of pools. Few enough that a pool is a list of many documents (a pool term per word
   * costs its own terms-dictionary entry again); enough that a search reads few candidates: one
   * 65,536th of the pooled words of a segment (about 300 documents of a 10-million-document day
   * with two pooled words a line). A quarter as many pools took 3–6% fewer bytes and four times the
   * candidates. Fixed for good, as the hash's seed: segments already written hold pools by number.
   */
  static final int POOLS = 1 << POOL_BITS;
  /**
   * A pool term is this byte and the pool number in four hex digits: it sorts before every word,
   * and the log tokenizer never makes a word with a control character.
   */
  private static final byte MARKER = 1;
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  /** Fixed for good: pools are chosen by it in segments already written. */
  private static final int SEED = 0x5ca1ab1e;

  private PooledTerms() {}

  /** Whether a word of {@link #FIELD} is pooled where it is rare. */
  public static boolean looksLikeId(BytesRef word) {
    if (word.length < MIN_POOLED_LENGTH || isPool(word)) {
      return false;
    }
    for (int i = word.offset; i < word.offset + word.length; i++) {
      if (word.bytes[i] >= '0' && word.bytes[i] <= '9') {
        return true;
      }
    }
    return false;
  }

  /** Whether a term is a pool term. */
  static boolean isPool(BytesRef term) {
    return term.length == 5 && term.bytes[term.offset] == MARKER;
  }

  /** The pool of a word. */
  static int pool(BytesRef word) {
    return StringHelper.murmurhash3_x86_32(word, SEED) >>> (32 - POOL_BITS);
  }

  /** The pool term of a pool number. */
  static BytesRef poolTerm(int pool) {
    return new BytesRef(new byte[] {MARKER, HEX[pool >>> 12 & 15], HEX[pool >>> 8 & 15], HEX[pool >>> 4 & 15], HEX[pool & 15]});
  }

  /** The pool term that holds {@code word} wherever a segment pooled it. */
  public static BytesRef poolTermOf(BytesRef word) {
    return poolTerm(pool(word));
  }

  /** The pool number of a pool term. */
  static int poolOf(BytesRef poolTerm) {
    int pool = 0;
    for (int i = 1; i < 5; i++) {
      byte b = poolTerm.bytes[poolTerm.offset + i];
      pool = pool << 4 | (b <= '9' ? b - '0' : b - 'a' + 10);
    }
    return pool;
  }
}
