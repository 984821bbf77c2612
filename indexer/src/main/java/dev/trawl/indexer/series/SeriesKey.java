package dev.trawl.indexer.series;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteArrayDataOutput;
import org.apache.lucene.util.BytesRef;

/**
 * The key of a document's series: its values of the per-container fields, each as a pair of
 * field name and value, in one canonical order (by name, then value, each pair once), so that
 * every line of a container has the same key and the key alone says which values it stands for.
 * A pair is the name's length and UTF-8, then the value's length and bytes; lengths as variable
 * bytes.
 */
public final class SeriesKey {
  /** The field a document's key is indexed and kept in doc values under. */
  public static final String FIELD = "_series";
  /**
   * The most bytes a key holds (Lucene refuses terms past 32,766): a value that would take a
   * key past it is left out, kept in the source only and named in {@code _ignored}, as a keyword
   * too long to index is.
   */
  public static final int MAX_BYTES = 16 * 1024;

  private SeriesKey() {}

  /** Whether a keyword field's values go into the series key. */
  public static boolean holds(String path) {
    return path.startsWith("kubernetes.") || path.startsWith("container.") || path.equals("stream")
        || path.equals("log.file.path");
  }

  /** Called with each pair of a key, in the key's order. */
  @FunctionalInterface
  public interface PairVisitor {
    void pair(String field, BytesRef value);
  }

  /** Calls {@code visitor} with each pair of {@code key}; the value's bytes are those of the key. */
  public static void forEach(BytesRef key, PairVisitor visitor) {
    ByteArrayDataInput in = new ByteArrayDataInput(key.bytes, key.offset, key.length);
    while (!in.eof()) {
      int nameLength = in.readVInt();
      String name = new String(key.bytes, in.getPosition(), nameLength, StandardCharsets.UTF_8);
      in.skipBytes(nameLength);
      int valueLength = in.readVInt();
      visitor.pair(name, new BytesRef(key.bytes, in.getPosition(), valueLength));
      in.skipBytes(valueLength);
    }
  }

  /** Collects one document's pairs. Not thread-safe; one per document. */
  public static final class Builder {
    private final List<Pair> pairs = new ArrayList<>(12);
    private int bytes;

    /** Adds a pair; false, leaving the key as it was, when the pair might take it past {@link #MAX_BYTES}. */
    public boolean add(String field, BytesRef value) {
      byte[] name = field.getBytes(StandardCharsets.UTF_8);
      // at most: each length takes five bytes
      int size = name.length + value.length + 10;
      if (bytes + size > MAX_BYTES) {
        return false;
      }
      pairs.add(new Pair(name, value));
      bytes += size;
      return true;
    }

    public boolean isEmpty() {
      return pairs.isEmpty();
    }

    /** The key of the pairs added, in canonical order. */
    public BytesRef key() {
      Pair[] sorted = pairs.toArray(Pair[]::new);
      Arrays.sort(sorted);
      byte[] bytes = new byte[this.bytes];
      ByteArrayDataOutput out = new ByteArrayDataOutput(bytes);
      Pair previous = null;
      try {
        for (Pair pair : sorted) {
          if (previous != null && previous.compareTo(pair) == 0) {
            continue;
          }
          out.writeVInt(pair.name.length);
          out.writeBytes(pair.name, pair.name.length);
          out.writeVInt(pair.value.length);
          out.writeBytes(pair.value.bytes, pair.value.offset, pair.value.length);
          previous = pair;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("an array's output does not fail", e);
      }
      return new BytesRef(bytes, 0, out.getPosition());
    }
  }

  private record Pair(byte[] name, BytesRef value) implements Comparable<Pair> {
    @Override
    public int compareTo(Pair other) {
      int byName = Arrays.compareUnsigned(name, other.name);
      return byName != 0 ? byName : value.compareTo(other.value);
    }
  }
}
