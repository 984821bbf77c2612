package dev.trawl.indexer.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.config.ConfigLoader;
import dev.trawl.indexer.Indexer;
import dev.trawl.indexer.IndexerConfig;
import dev.trawl.testing.Await;
import dev.trawl.testing.Http;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's rsyslog reads a file with imfile and ships it with omelasticsearch into the indexer. */
class RsyslogTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODULES = "/usr/lib/x86_64-linux-gnu/rsyslog";
  private static final int LINES = 500;

  @TempDir Path dir;

  @Test
  void omelasticsearchShipsIntoTheIndexer() throws Exception {
    assumeTrue(new File("/usr/sbin/rsyslogd").canExecute() && new File(MODULES, "omelasticsearch.so").exists(),
        "Debian packages rsyslog and rsyslog-elasticsearch are not installed (./trawl test installs them as root)");
    try (Indexer indexer = Indexer.start(new ConfigLoader(IndexerConfig.KEYS).load(null, Map.of("TRAWL_DATA_DIR",
        dir.resolve("idx").toString(), "TRAWL_HTTP_PORT", "0", "TRAWL_HTTP_HOST", "127.0.0.1", "TRAWL_REFRESH_INTERVAL", "200ms")))) {
      Path log = dir.resolve("app.log");
      StringBuilder lines = new StringBuilder();
      for (int i = 0; i < LINES; i++) {
        lines.append("line ").append(i).append(" from rsyslog with \"quotes\" and a tab\there\n");
      }
      Files.writeString(log, lines);
      Files.createDirectories(dir.resolve("work"));
      Path conf = Files.writeString(dir.resolve("rsyslog.conf"), """
          global(workDirectory="%s")
          module(load="%s/imfile.so")
          module(load="%s/omelasticsearch.so")
          template(name="doc" type="list") {
            constant(value="{\\"@timestamp\\":\\"")
            property(name="timegenerated" dateFormat="rfc3339")
            constant(value="\\",\\"message\\":\\"")
            property(name="msg" format="json")
            constant(value="\\",\\"host\\":\\"")
            property(name="hostname" format="json")
            constant(value="\\"}")
          }
          input(type="imfile" file="%s" tag="app" ruleset="ship")
          ruleset(name="ship") {
            action(type="omelasticsearch" server="127.0.0.1" serverport="%d" searchIndex="syslog"
                   template="doc" bulkmode="on" maxbytes="1m" action.resumeRetryCount="-1")
          }
          """.formatted(dir.resolve("work"), MODULES, MODULES, log, indexer.port()));
      Process rsyslog = new ProcessBuilder("/usr/sbin/rsyslogd", "-n", "-f", conf.toString(), "-i",
          dir.resolve("rsyslog.pid").toString()).redirectErrorStream(true)
          .redirectOutput(dir.resolve("rsyslog.out").toFile()).start();
      try {
        String count = "http://127.0.0.1:" + indexer.port() + "/syslog/_count";
        Await.until("rsyslog's lines indexed", Duration.ofSeconds(60),
            () -> JSON.readTree(Http.get(count).body()).path("count").asInt() >= LINES);
        Files.writeString(log, "one more line\n", StandardOpenOption.APPEND);
        Await.until("an appended line indexed", Duration.ofSeconds(60),
            () -> JSON.readTree(Http.get(count).body()).path("count").asInt() == LINES + 1);
        JsonNode hits = JSON.readTree(Http.post("http://127.0.0.1:" + indexer.port() + "/syslog/_search",
            "{\"size\":1000,\"query\":{\"match_phrase\":{\"message\":\"from rsyslog\"}}}").body()).path("hits");
        assertEquals(LINES, hits.path("total").path("value").asInt());
        Set<String> messages = new HashSet<>();
        hits.path("hits").forEach(h -> messages.add(h.path("_source").path("message").asText()));
        assertEquals(LINES, messages.size(), "each line once");
        assertEquals(true, messages.contains("line 7 from rsyslog with \"quotes\" and a tab\there"));
      } finally {
        rsyslog.destroy();
        rsyslog.waitFor();
      }
    }
  }
}
