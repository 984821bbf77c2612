package dev.trawl.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.collector.opensearch.OpenSearchSetup;
import dev.trawl.testing.OpenSearchNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The API contract against a real OpenSearch 2.19 node in a child JVM, prepared by the
 * collector's own {@link OpenSearchSetup} exactly as in production.
 */
class OpenSearchApiTest extends ApiContract {
  private OpenSearchNode node;

  @Override
  String start(Path dir) throws Exception {
    node = OpenSearchNode.start(dir, "768m");
    OpenSearchSetup.Outcome outcome = setup().run();
    assertEquals(List.of("index template trawl-logs v1", "index template trawl-metrics v1", "data stream logs",
        "data stream metrics"), outcome.changes());
    assertEquals(List.of(), outcome.refused());
    return node.url();
  }

  private OpenSearchSetup setup() {
    return new OpenSearchSetup(node.url(), null, "logs", "metrics", Duration.ofDays(7));
  }

  @Override
  void stop() {
    node.close();
  }

  @Override
  boolean isOpenSearch() {
    return true;
  }

  @Test
  void setupIsIdempotent() throws Exception {
    OpenSearchSetup.Outcome again = setup().run();
    assertTrue(again.target().startsWith("opensearch 2.19"), again.target());
    assertEquals(List.of(), again.changes());
    assertEquals(200, call("GET", "/_data_stream/logs", null, null).status());
  }
}
