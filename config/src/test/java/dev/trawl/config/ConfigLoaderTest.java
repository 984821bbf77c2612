package dev.trawl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  static final ConfigKey<String> URL = new ConfigKey<>("shipper.url", ValueType.STRING, "http://127.0.0.1:9200", "url");
  static final ConfigKey<Integer> PORT = new ConfigKey<>("http.port", ValueType.PORT, "2020", "port");
  static final ConfigKey<Long> MAX = new ConfigKey<>("queue.max_bytes", ValueType.BYTES, "1GiB", "size");
  static final ConfigKey<Duration> EVERY = new ConfigKey<>("cgroup.interval", ValueType.DURATION_TYPE, "10s", "interval");
  static final ConfigKey<List<String>> PATHS = new ConfigKey<>("tail.paths", ValueType.LIST, "/a/*.log", "globs");
  static final ConfigKey<String> TOKEN = new ConfigKey<>("shipper.token", ValueType.STRING, null, "token");
  static final ConfigKey<String> MODE = new ConfigKey<>("auth.mode", ValueType.oneOf("none", "proxy"), "none", "mode");
  static final List<ConfigKey<?>> KEYS = List.of(URL, PORT, MAX, EVERY, PATHS, TOKEN, MODE);

  @TempDir Path dir;

  @Test
  void defaultsApplyWithoutFileOrEnvironment() {
    Config c = new ConfigLoader(KEYS).load(null, Map.of());
    assertEquals("http://127.0.0.1:9200", c.get(URL));
    assertEquals(2020, c.get(PORT));
    assertEquals(1L << 30, c.get(MAX));
    assertEquals(Duration.ofSeconds(10), c.get(EVERY));
    assertEquals(List.of("/a/*.log"), c.get(PATHS));
    assertFalse(c.find(TOKEN).isPresent());
  }

  @Test
  void fileOverridesDefaultsAndEnvironmentOverridesFile() throws IOException {
    Path file = Files.writeString(dir.resolve("c.yaml"), """
        shipper:
          url: http://indexer:9200
          token: from-file
        http.port: 2021
        tail:
          paths: [/x/*.log, /y/*.log]
        """);
    Config c = new ConfigLoader(KEYS).load(file, Map.of("TRAWL_SHIPPER_TOKEN", "from-env", "UNRELATED", "x"));
    assertEquals("http://indexer:9200", c.get(URL));
    assertEquals(2021, c.get(PORT));
    assertEquals(List.of("/x/*.log", "/y/*.log"), c.get(PATHS));
    assertEquals("from-env", c.get(TOKEN));
  }

  @Test
  void unknownKeyInFileIsAnErrorNamingIt() throws IOException {
    Path file = Files.writeString(dir.resolve("c.yaml"), "shipper:\n  urll: http://x\n");
    ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(KEYS).load(file, Map.of()));
    assertTrue(e.getMessage().contains("'shipper.urll'"), e.getMessage());
    assertTrue(e.getMessage().contains("shipper.url"), "lists the known keys: " + e.getMessage());
  }

  @Test
  void badValuesNameKeyValueAndSource() throws IOException {
    record Row(ConfigKey<?> key, String value) {}
    for (Row row : List.of(new Row(PORT, "70000"), new Row(PORT, "http"), new Row(MAX, "12 parsecs"),
        new Row(EVERY, "10"), new Row(EVERY, "ten seconds"), new Row(MODE, "kerberos"))) {
      ConfigException e = assertThrows(ConfigException.class,
          () -> new ConfigLoader(KEYS).load(null, Map.of(row.key().envName(), row.value())));
      assertTrue(e.getMessage().contains("'" + row.key().name() + "'"), e.getMessage());
      assertTrue(e.getMessage().contains("'" + row.value() + "'"), e.getMessage());
      assertTrue(e.getMessage().contains(row.key().envName()), "names the source: " + e.getMessage());
    }
    Path file = Files.writeString(dir.resolve("c.yaml"), "http:\n  port: -1\n");
    ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(KEYS).load(file, Map.of()));
    assertTrue(e.getMessage().contains("'http.port'") && e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void valueTypesParseTheirWrittenForms() {
    assertEquals(512L << 10, ValueType.BYTES.parse("512KiB"));
    assertEquals(5L << 20, ValueType.BYTES.parse("5 MB"));
    assertEquals(1234L, ValueType.BYTES.parse("1234"));
    assertEquals(null, ValueType.BYTES.parse("-1"));
    assertEquals(Duration.ofMillis(500), ValueType.DURATION_TYPE.parse("500ms"));
    assertEquals(Duration.ofDays(7), ValueType.DURATION_TYPE.parse("7d"));
    assertEquals(Duration.ofMinutes(15), ValueType.DURATION_TYPE.parse("15m"));
    assertEquals(true, ValueType.BOOLEAN.parse("TRUE"));
    assertEquals(null, ValueType.BOOLEAN.parse("yes please"));
    assertEquals(0, ValueType.PORT.parse("0"));
    assertEquals(null, ValueType.POSITIVE_INT.parse("0"));
    assertEquals(List.of("a", "b"), ValueType.LIST.parse(" a, ,b "));
  }

  @Test
  void envNameIsUpperCaseWithUnderscores() {
    assertEquals("TRAWL_QUEUE_MAX_BYTES", MAX.envName());
    assertThrows(IllegalArgumentException.class, () -> new ConfigKey<>("Bad Key", ValueType.STRING, null, "x"));
  }

  @Test
  void yamlAliasBombIsRefused() throws IOException {
    StringBuilder yaml = new StringBuilder("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      char p = (char) (c - 1);
      yaml.append(c).append(": &").append(c).append(" [*").append(p).append(",*").append(p).append(",*").append(p)
          .append(",*").append(p).append(",*").append(p).append(",*").append(p).append(",*").append(p).append(",*")
          .append(p).append(",*").append(p).append("]\n");
    }
    Path file = Files.writeString(dir.resolve("bomb.yaml"), yaml);
    ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(KEYS).load(file, Map.of()));
    assertTrue(e.getMessage().contains(file.toString()), "a clear error about the file, not an out-of-memory: " + e.getMessage());
  }
}
