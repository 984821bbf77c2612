package dev.trawl.indexer.api;

import dev.trawl.config.ConfigLoader;
import dev.trawl.indexer.Indexer;
import dev.trawl.indexer.IndexerConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A real indexer for a test: its data in {@code dataDir}, HTTP on a free loopback port. */
final class LoopbackIndexer {
  private LoopbackIndexer() {}

  /** Starts it with these settings (environment variable names) over the loopback defaults. */
  static Indexer start(Path dataDir, Map<String, String> settings) throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("TRAWL_DATA_DIR", dataDir.toString(), "TRAWL_HTTP_PORT", "0",
        "TRAWL_HTTP_HOST", "127.0.0.1"));
    env.putAll(settings);
    return Indexer.start(new ConfigLoader(IndexerConfig.KEYS).load(null, env));
  }
}
