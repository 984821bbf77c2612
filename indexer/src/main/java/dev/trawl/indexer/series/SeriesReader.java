package dev.trawl.indexer.series;

import java.io.IOException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FilterDirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;

/**
 * A partition's reader that gives back, in each segment written with series keys, every field the
 * keys hold as a field of its own (see {@link SeriesLeafReader}); other segments are read as they
 * are. Reopening wraps the new reader alike.
 */
public final class SeriesReader extends FilterDirectoryReader {
  public SeriesReader(DirectoryReader in) throws IOException {
    super(in, new SeriesFields());
  }

  /** Heap the series tables of a reader's segments hold, and how many series they are, summed over segments. */
  public static long[] tableHeap(IndexReader reader) {
    long bytes = 0;
    long series = 0;
    for (LeafReaderContext leaf : reader.leaves()) {
      if (leaf.reader() instanceof SeriesLeafReader segment) {
        bytes += segment.table().ramBytesUsed();
        series += segment.table().count();
      }
    }
    return new long[] {bytes, series};
  }

  @Override
  protected DirectoryReader doWrapDirectoryReader(DirectoryReader in) throws IOException {
    return new SeriesReader(in);
  }

  @Override
  public CacheHelper getReaderCacheHelper() {
    return in.getReaderCacheHelper();
  }

  private static final class SeriesFields extends SubReaderWrapper {
    @Override
    public LeafReader wrap(LeafReader reader) {
      return SeriesLeafReader.wrap(reader);
    }
  }
}
