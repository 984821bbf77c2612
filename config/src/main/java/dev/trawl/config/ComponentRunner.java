package dev.trawl.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Runs one component in the foreground: {@code [--config FILE]}, configuration errors exit with
 * {@value ConfigException#EXIT_CODE} and a message naming the key and value, SIGTERM or Ctrl-C
 * close the component (it drains and checkpoints) and exit 0.
 */
public final class ComponentRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ComponentRunner.class);

  /** Starts a component from its resolved configuration. */
  @FunctionalInterface
  public interface Starter {
    AutoCloseable start(Config config) throws Exception;
  }

  private ComponentRunner() {}

  /** Loads the configuration named by the arguments; throws {@link ConfigException} on any error. */
  public static Config load(String component, String[] args, List<ConfigKey<?>> keys, Map<String, String> env) {
    Path file = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        file = Path.of(args[++i]);
      } else if (args[i].startsWith("--config=")) {
        file = Path.of(args[i].substring("--config=".length()));
      } else {
        throw new ConfigException("unknown argument '" + args[i] + "'; usage: " + component + " [--config FILE]");
      }
    }
    if (file != null && !Files.isRegularFile(file)) {
      throw new ConfigException("config file '" + file + "' does not exist");
    }
    return new ConfigLoader(keys).load(file, env);
  }

  /** Runs until SIGTERM or SIGINT; returns the process exit code. */
  public static int run(String component, String[] args, List<ConfigKey<?>> keys, Map<String, String> env,
      Starter starter) {
    CountDownLatch stop = new CountDownLatch(1);
    // Caught, not left to a shutdown hook: a hook cannot choose the exit status (SIGTERM would end
    // the JVM with 143), and a clean drain must exit 0. Caught before the start, so a SIGTERM
    // while starting (a pod deleted as it comes up) stops the component once it stands.
    Signal.handle(new Signal("TERM"), s -> stop.countDown());
    Signal.handle(new Signal("INT"), s -> stop.countDown());
    AutoCloseable running;
    try {
      running = starter.start(load(component, args, keys, env));
    } catch (ConfigException e) {
      LOG.error("{}: {}", component, e.getMessage());
      return ConfigException.EXIT_CODE;
    } catch (Exception e) {
      LOG.error("{} failed to start: {}", component, e.toString(), e);
      return 1;
    }
    while (stop.getCount() > 0) {
      try {
        stop.await();
      } catch (InterruptedException e) {
        // only a signal stops a component
      }
    }
    LOG.info("{} stopping", component);
    try {
      running.close();
    } catch (Exception e) {
      LOG.error("{} did not stop cleanly: {}", component, e.toString(), e);
      return 1;
    }
    LOG.info("{} stopped", component);
    return 0;
  }
}
