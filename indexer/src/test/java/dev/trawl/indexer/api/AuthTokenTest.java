package dev.trawl.indexer.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.config.ConfigLoader;
import dev.trawl.indexer.Indexer;
import dev.trawl.indexer.IndexerConfig;
import dev.trawl.testing.Http;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthTokenTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void withATokenEveryApiRequestMustCarryIt() throws Exception {
    try (Indexer indexer = Indexer.start(new ConfigLoader(IndexerConfig.KEYS).load(null, Map.of("TRAWL_DATA_DIR", dir.toString(),
        "TRAWL_HTTP_PORT", "0", "TRAWL_HTTP_HOST", "127.0.0.1", "TRAWL_AUTH_TOKEN", "s3cret")))) {
      String base = "http://127.0.0.1:" + indexer.port();
      byte[] bulk = "{\"create\":{\"_index\":\"logs\",\"_id\":\"a\"}}\n{\"message\":\"x\"}\n".getBytes(StandardCharsets.UTF_8);
      var none = Http.post(base + "/_bulk", "application/x-ndjson", bulk);
      assertEquals(401, none.statusCode());
      assertEquals("security_exception", JSON.readTree(none.body()).path("error").path("type").asText());
      assertEquals(401, Http.post(base + "/_bulk", "application/x-ndjson", bulk, "Authorization", "Bearer s3cret2").statusCode());
      assertEquals(401, Http.post(base + "/_bulk", "application/x-ndjson", bulk, "Authorization", "Bearer s3cre").statusCode());
      assertEquals(401, Http.get(base + "/").statusCode());
      assertEquals(200, Http.post(base + "/_bulk", "application/x-ndjson", bulk, "Authorization", "Bearer s3cret").statusCode());
      assertEquals(200, Http.get(base + "/healthz").statusCode(), "probes need no token");
      assertEquals(200, Http.get(base + "/metrics").statusCode(), "scrapes need no token");
    }
  }
}
