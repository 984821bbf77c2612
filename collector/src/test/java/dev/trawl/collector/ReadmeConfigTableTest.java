package dev.trawl.collector;

import dev.trawl.config.ConfigTable;
import dev.trawl.testing.Readme;
import org.junit.jupiter.api.Test;

/** The module README's configuration table is the one the key declarations generate. */
class ReadmeConfigTableTest {
  @Test
  void readmeListsEveryKeyAsDeclared() {
    Readme.assertContains(ConfigTable.markdown(CollectorConfig.KEYS));
  }
}
