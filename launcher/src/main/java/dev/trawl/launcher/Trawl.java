package dev.trawl.launcher;

import dev.trawl.collector.CollectorMain;
import dev.trawl.config.ComponentRunner;
import dev.trawl.config.ConfigException;
import dev.trawl.indexer.IndexerMain;
import dev.trawl.launcher.demo.Demo;
import dev.trawl.launcher.demo.DemoConfig;
import dev.trawl.queryui.QueryUiMain;
import java.util.Arrays;

/** {@code trawl demo|collector|indexer|query-ui [--config FILE]}. */
public final class Trawl {
  private Trawl() {}

  public static void main(String[] args) {
    String command = args.length == 0 ? "" : args[0];
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    switch (command) {
      case "demo" -> System.exit(ComponentRunner.run("demo", rest, DemoConfig.KEYS, System.getenv(), Demo::start));
      case "collector" -> CollectorMain.main(rest);
      case "indexer" -> IndexerMain.main(rest);
      case "query-ui" -> QueryUiMain.main(rest);
      default -> {
        System.err.println("usage: trawl demo|collector|indexer|query-ui [--config FILE]");
        System.exit(ConfigException.EXIT_CODE);
      }
    }
  }
}
