package dev.trawl.launcher.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.config.ConfigTable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The module README's configuration table is the one the key declarations generate. */
class ReadmeConfigTableTest {
  @Test
  void readmeListsEveryKeyAsDeclared() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    String table = ConfigTable.markdown(DemoConfig.KEYS);
    assertTrue(readme.contains(table), "README.md must contain this table (regenerate it):\n" + table);
  }
}
