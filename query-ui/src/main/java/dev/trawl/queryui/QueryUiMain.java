package dev.trawl.queryui;

import dev.trawl.config.ComponentRunner;

/** {@code trawl query-ui [--config FILE]}: runs the query UI in the foreground. */
public final class QueryUiMain {
  private QueryUiMain() {}

  public static void main(String[] args) {
    System.exit(ComponentRunner.run("query-ui", args, QueryUiConfig.KEYS, System.getenv(), QueryUi::start));
  }
}
