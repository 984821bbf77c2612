package dev.trawl.collector.tail;

import java.nio.file.Path;

/** Makes the sink for each file the tailer opens; the one place the tailer meets the pipeline. */
@FunctionalInterface
public interface FileSinkFactory {
  /**
   * @param handedOn offsets (ascending) of records already handed on from an earlier read of this
   *     identity: the sink must not hand them on again
   */
  FileSink open(Path path, FileIdentity identity, long[] handedOn);
}
