package dev.trawl.collector.tail;

import java.nio.file.Path;

/** Makes the sink for each file the tailer opens; the one place the tailer meets the pipeline. */
@FunctionalInterface
public interface FileSinkFactory {
  FileSink open(Path path, FileIdentity identity);
}
