package dev.trawl.indexer;

import dev.trawl.config.ComponentRunner;

/** {@code trawl indexer [--config FILE]}: runs the indexer in the foreground. */
public final class IndexerMain {
  private IndexerMain() {}

  public static void main(String[] args) {
    System.exit(ComponentRunner.run("indexer", args, IndexerConfig.KEYS, System.getenv(), Indexer::start));
  }
}
