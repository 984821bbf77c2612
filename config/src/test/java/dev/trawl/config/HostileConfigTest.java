package dev.trawl.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration files a hostile or careless hand wrote: each is a clear {@link ConfigException}
 * naming the file, never an out-of-memory, a hang or a stack overflow.
 */
class HostileConfigTest {
  @TempDir Path dir;

  @Test
  void billionLaughsIsRefusedWithoutExpandingIt() throws IOException {
    StringBuilder yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      char p = (char) (c - 1);
      yaml.append(c).append(": &").append(c).append(" [*").append(p);
      for (int i = 0; i < 8; i++) {
        yaml.append(",*").append(p);
      }
      yaml.append("]\n");
    }
    yaml.append("shipper:\n  url: *j\n");
    assertRefused(yaml.toString());
  }

  @Test
  void deepNestingIsRefused() throws IOException {
    assertRefused("shipper: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n");
    assertRefused("x:\n" + "  ".repeat(1) + "{a: ".repeat(20_000) + "1" + "}".repeat(20_000) + "\n");
  }

  @Test
  void anOversizedFileIsRefusedBeforeItIsRead() throws IOException {
    Path big = dir.resolve("big.yaml");
    try (var out = Files.newOutputStream(big)) {
      byte[] line = "# padding padding padding padding padding padding padding padding\n".getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < (ConfigLoader.MAX_FILE_BYTES / line.length) + 2; i++) {
        out.write(line);
      }
    }
    ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(ConfigLoaderTest.KEYS).load(big, Map.of()));
    assertTrue(e.getMessage().contains(big.toString()) && e.getMessage().contains("larger than"), e.getMessage());
  }

  @Test
  void nulBytesInvalidUtf8AndHugeNumbersAreErrorsNamingTheProblem() throws IOException {
    assertRefused("shipper:\n  url: \"a\u0000b\"\n\u0000\u0000\n");
    Path invalid = dir.resolve("invalid.yaml");
    Files.write(invalid, new byte[] {'h', 't', 't', 'p', ':', ' ', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '\n'});
    assertThrows(ConfigException.class, () -> new ConfigLoader(ConfigLoaderTest.KEYS).load(invalid, Map.of()));
    Path huge = Files.writeString(dir.resolve("huge.yaml"), "http:\n  port: " + "9".repeat(5_000) + "\n");
    ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(ConfigLoaderTest.KEYS).load(huge, Map.of()));
    assertTrue(e.getMessage().contains("'http.port'"), e.getMessage());
  }

  @Test
  void anAliasIsAnErrorRatherThanItsNameTakenAsTheValue() throws IOException {
    Path file = Files.writeString(dir.resolve("alias.yaml"), "base: &u http://indexer:9200\nshipper:\n  url: *u\n");
    ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(ConfigLoaderTest.KEYS).load(file, Map.of()));
    assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("aliases (*u)"), e.getMessage());
  }

  private void assertRefused(String yaml) throws IOException {
    Path file = Files.writeString(dir.resolve("hostile.yaml"), yaml);
    ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(ConfigLoaderTest.KEYS).load(file, Map.of()));
    assertTrue(e.getMessage().contains(file.toString()) || e.getMessage().contains("config key"), e.getMessage());
  }
}
