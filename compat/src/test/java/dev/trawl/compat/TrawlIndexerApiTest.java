package dev.trawl.compat;

import dev.trawl.config.ConfigLoader;
import dev.trawl.indexer.Indexer;
import dev.trawl.indexer.IndexerConfig;
import java.nio.file.Path;
import java.util.Map;

/** The API contract against the Trawl indexer, in this JVM. */
class TrawlIndexerApiTest extends ApiContract {
  private Indexer indexer;

  @Override
  String start(Path dir) throws Exception {
    indexer = Indexer.start(new ConfigLoader(IndexerConfig.KEYS).load(null, Map.of(
        "TRAWL_DATA_DIR", dir.toString(), "TRAWL_HTTP_PORT", "0", "TRAWL_HTTP_HOST", "127.0.0.1",
        "TRAWL_REFRESH_INTERVAL", "100ms", "TRAWL_RETENTION_MAX_AGE", "36500d")));
    return "http://127.0.0.1:" + indexer.port();
  }

  @Override
  void stop() {
    indexer.close();
  }

  @Override
  boolean isOpenSearch() {
    return false;
  }
}
