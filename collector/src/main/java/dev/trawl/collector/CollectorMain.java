package dev.trawl.collector;

import dev.trawl.config.ComponentRunner;

/** {@code trawl collector [--config FILE]}: runs the collector in the foreground. */
public final class CollectorMain {
  private CollectorMain() {}

  public static void main(String[] args) {
    System.exit(ComponentRunner.run("collector", args, CollectorConfig.KEYS, System.getenv(), Collector::start));
  }
}
