package dev.trawl.bench;

import dev.trawl.collector.opensearch.OpenSearchSetup;
import dev.trawl.testing.OpenSearchNode;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The baseline engine: a real OpenSearch 2.19 node on this machine, prepared by the collector's
 * own setup (Trawl's mapping, {@code logs} as a data stream, index sort by time, best
 * compression), with one shard, no replicas and a 1 s refresh, as the issues ask.
 */
final class OpenSearchBaseline implements AutoCloseable {
  private final OpenSearchNode node;
  final Engine engine;

  OpenSearchBaseline(Path dir, String heap) throws Exception {
    node = OpenSearchNode.start(dir, heap);
    try {
      new OpenSearchSetup(node.url(), null, "logs", "metrics", Duration.ofDays(7)).run();
      engine = new Engine("opensearch", node.url());
      engine.send("PUT", "/logs/_settings", "{\"index\":{\"number_of_replicas\":0,\"refresh_interval\":\"1s\"}}");
    } catch (Exception e) {
      node.close();
      throw e;
    }
  }

  /** Bytes of the {@code logs} primaries on disk after a flush (a Lucene commit). */
  long storeBytes() throws Exception {
    engine.send("POST", "/logs/_flush", "{}");
    return engine.get("/logs/_stats/store").path("_all").path("primaries").path("store").path("size_in_bytes").asLong();
  }

  @Override
  public void close() {
    node.close();
  }
}
