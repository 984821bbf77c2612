package dev.trawl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.collector.CollectorConfig;
import dev.trawl.collector.ship.BulkClient;
import dev.trawl.collector.ship.BulkItemResult;
import dev.trawl.config.Config;
import dev.trawl.config.ConfigException;
import dev.trawl.config.ConfigLoader;
import dev.trawl.http.tls.Certificates;
import dev.trawl.http.tls.Certificates.KeyAndCertificate;
import dev.trawl.http.tls.TlsContexts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import dev.trawl.indexer.Indexer;
import dev.trawl.indexer.IndexerConfig;
import dev.trawl.queryui.QueryUi;
import dev.trawl.queryui.QueryUiConfig;
import dev.trawl.testing.Await;
import dev.trawl.testing.Http;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every hop over mutual TLS with a private CA and tokens read from files, as mounted Secrets give
 * them: collector → indexer (the shipper's bulk client), query UI → indexer, and browser → query UI.
 */
class TlsHopsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void collectorAndQueryUiReachAnIndexerThatRequiresClientCertificatesAndATokenFile() throws Exception {
    KeyAndCertificate ca = Certificates.issue("trawl-ca", List.of(), true, null, Duration.ofDays(1));
    KeyAndCertificate server = Certificates.issue("trawl-indexer", List.of("127.0.0.1", "localhost"), false, ca, Duration.ofDays(1));
    KeyAndCertificate client = Certificates.issue("trawl-collector", List.of(), false, ca, Duration.ofDays(1));
    Path caPem = write("ca.crt", ca.certificate());
    Path token = Files.writeString(dir.resolve("token"), "s3cret-token\n");
    Path indexerCert = write("server.crt", server.certificate());
    Path indexerKey = write("server.key", new JcaPKCS8Generator(server.key(), null));
    try (Indexer indexer = Indexer.start(load(IndexerConfig.KEYS, Map.of("TRAWL_DATA_DIR", dir.resolve("idx").toString(),
        "TRAWL_HTTP_PORT", "0", "TRAWL_HTTP_HOST", "127.0.0.1", "TRAWL_REFRESH_INTERVAL", "100ms",
        "TRAWL_TLS_CERT", indexerCert.toString(), "TRAWL_TLS_KEY", indexerKey.toString(),
        "TRAWL_TLS_CLIENT_CA", caPem.toString(), "TRAWL_AUTH_TOKEN_FILE", token.toString())))) {
      String url = "https://127.0.0.1:" + indexer.port();
      Map<String, String> shipperEnv = Map.of("TRAWL_SHIPPER_URL", url, "TRAWL_SHIPPER_CA", caPem.toString(),
          "TRAWL_SHIPPER_CERT", write("client.crt", client.certificate()).toString(),
          "TRAWL_SHIPPER_KEY", write("client.key", new JcaPKCS8Generator(client.key(), null)).toString(),
          "TRAWL_SHIPPER_TOKEN_FILE", token.toString());
      Config collector = load(CollectorConfig.KEYS, shipperEnv);
      BulkClient shipper = new BulkClient(url, CollectorConfig.SHIPPER.token(collector).orElseThrow(), Duration.ofSeconds(30),
          CollectorConfig.SHIPPER.tls(collector));
      byte[] bulk = ("{\"create\":{\"_index\":\"logs\",\"_id\":\"tls-1\"}}\n{\"@timestamp\":\"" + Instant.now()
          + "\",\"message\":\"over mutual TLS\",\"kubernetes\":{\"namespace\":\"shop\"}}\n").getBytes(StandardCharsets.UTF_8);
      List<BulkItemResult> items = shipper.send(bulk, false, 1);
      assertEquals(201, items.get(0).status());

      Config withoutCertificate = load(CollectorConfig.KEYS, Map.of("TRAWL_SHIPPER_CA", caPem.toString()));
      BulkClient anonymous = new BulkClient(url, "s3cret-token", Duration.ofSeconds(30), CollectorConfig.SHIPPER.tls(withoutCertificate));
      assertThrows(Exception.class, () -> anonymous.send(bulk, false, 1), "no client certificate, no connection");
      assertThrows(IOException.class, () -> Http.get("http://127.0.0.1:" + indexer.port() + "/"), "no plain HTTP");

      Map<String, String> uiEnv = new java.util.HashMap<>(Map.of("TRAWL_INDEXER_URL", url, "TRAWL_HTTP_PORT", "0",
          "TRAWL_TLS_PORT", "0", "TRAWL_INDEXER_CA", caPem.toString(), "TRAWL_INDEXER_CERT", shipperEnv.get("TRAWL_SHIPPER_CERT"),
          "TRAWL_INDEXER_KEY", shipperEnv.get("TRAWL_SHIPPER_KEY"), "TRAWL_INDEXER_TOKEN_FILE", token.toString()));
      // the browser's hop too: the page and /api over HTTPS with the same private CA
      uiEnv.put("TRAWL_HTTP_TLS", "true");
      uiEnv.put("TRAWL_TLS_CERT", indexerCert.toString());
      uiEnv.put("TRAWL_TLS_KEY", indexerKey.toString());
      HttpClient browser = HttpClient.newBuilder().sslContext(TlsContexts.client("test", caPem.toString(), null, null)).build();
      try (QueryUi ui = QueryUi.start(load(QueryUiConfig.KEYS, uiEnv))) {
        assertTrue(ui.url().startsWith("https://"), ui.url());
        String found = Await.until("the line, searched through the query UI", Duration.ofSeconds(10),
            () -> browser.send(HttpRequest.newBuilder(URI.create(ui.url() + "api/search?q=mutual")).build(),
                HttpResponse.BodyHandlers.ofString()).body(), body -> body.contains("\"total\":1"));
        assertTrue(found.contains("over mutual TLS"), found);
      }
    }
  }

  @Test
  void aTokenFromBothPlacesOrAnEmptyFileIsAConfigurationErrorThatNeverShowsTheToken() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    ConfigException both = assertThrows(ConfigException.class, () -> CollectorConfig.SHIPPER.token(load(CollectorConfig.KEYS,
        Map.of("TRAWL_SHIPPER_TOKEN", "inline-secret", "TRAWL_SHIPPER_TOKEN_FILE", empty.toString()))));
    assertTrue(both.getMessage().contains("'shipper.token' and 'shipper.token_file'"), both.getMessage());
    assertTrue(!both.getMessage().contains("inline-secret"), both.getMessage());
    ConfigException blank = assertThrows(ConfigException.class, () -> CollectorConfig.SHIPPER.token(load(CollectorConfig.KEYS,
        Map.of("TRAWL_SHIPPER_TOKEN_FILE", empty.toString()))));
    assertTrue(blank.getMessage().contains("'shipper.token_file'") && blank.getMessage().contains("is empty"), blank.getMessage());
    ConfigException missing = assertThrows(ConfigException.class, () -> Indexer.start(load(IndexerConfig.KEYS, Map.of(
        "TRAWL_DATA_DIR", dir.resolve("idx2").toString(), "TRAWL_HTTP_PORT", "0", "TRAWL_TLS_CERT", dir.resolve("nope.crt").toString(),
        "TRAWL_TLS_KEY", dir.resolve("nope.key").toString()))));
    assertTrue(missing.getMessage().contains("'tls.key'"), missing.getMessage());
  }

  private static Config load(List<dev.trawl.config.ConfigKey<?>> keys, Map<String, String> env) {
    return new ConfigLoader(keys).load(null, env);
  }

  private Path write(String name, Object pem) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(pem instanceof JcaPKCS8Generator g ? g.generate() : pem);
    }
    return Files.writeString(dir.resolve(name), text.toString());
  }
}
