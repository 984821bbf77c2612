package dev.trawl.launcher.chaos;

import dev.trawl.testing.Await;
import dev.trawl.testing.ChildJvm;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One component's main class run again and again in child JVMs: started, killed with {@code kill -9}, stopped with SIGTERM. */
final class ChildComponent {
  private static final Logger LOG = LoggerFactory.getLogger(ChildComponent.class);

  private final String name;
  private final Class<?> mainClass;
  private final Map<String, String> env;
  private Process process;
  private int runs;

  ChildComponent(String name, Class<?> mainClass, Map<String, String> env) {
    this.name = name;
    this.mainClass = mainClass;
    this.env = env;
  }

  /** Starts a run and waits for its "&lt;name&gt; started" log line. */
  void start() throws Exception {
    int run = runs++;
    CompletableFuture<Void> started = new CompletableFuture<>();
    String marker = name + " started";
    process = ChildJvm.start(mainClass, env, line -> {
      LOG.info("{} run {}: {}", name, run, line);
      if (line.contains(marker)) {
        started.complete(null);
      }
    });
    process.onExit().thenRun(() -> started.completeExceptionally(new IllegalStateException(name + " run " + run + " exited")));
    Await.until(name + " run " + run + " started", Duration.ofSeconds(90), started::isDone);
    started.join();
  }

  /** {@code kill -9}, and waits until the process is gone. */
  void kill() throws InterruptedException {
    if (!process.isAlive()) {
      throw new IllegalStateException(name + " died before it was killed, exit " + process.exitValue());
    }
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM; the exit code, or -1 when it does not exit in time (then it is killed). */
  int stop() throws InterruptedException {
    process.destroy();
    if (process.waitFor(60, TimeUnit.SECONDS)) {
      return process.exitValue();
    }
    process.destroyForcibly();
    return -1;
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  int runs() {
    return runs;
  }
}
