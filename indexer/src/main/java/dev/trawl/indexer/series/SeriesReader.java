package dev.trawl.indexer.series;

import java.io.IOException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FilterDirectoryReader;
import org.apache.lucene.index.LeafReader;

/**
 * A partition's reader that gives back, in each segment written with series keys, every field the
 * keys hold as a field of its own (see {@link SeriesLeafReader}); other segments are read as they
 * are. Reopening wraps the new reader alike.
 */
public final class SeriesReader extends FilterDirectoryReader {
  public SeriesReader(DirectoryReader in) throws IOException {
    super(in, new SeriesFields());
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
