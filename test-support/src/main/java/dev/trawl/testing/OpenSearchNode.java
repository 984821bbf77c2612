package dev.trawl.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real OpenSearch 2.19 node (module {@code opensearch-node}) in a child JVM on loopback, for
 * compatibility tests and benchmark baselines. The child stops when {@link #close()} closes its
 * standard input, and by itself if this JVM dies.
 */
public final class OpenSearchNode implements AutoCloseable {
  private static final Pattern STARTED = Pattern.compile("opensearch started url=(\\S+)");
  private static final String CLASSPATH_FILE = "opensearch-node/target/runtime-classpath.txt";
  private static final String CLASSES = "opensearch-node/target/classes";
  private static final Duration STARTUP = Duration.ofSeconds(120);

  private final Process process;
  private final String url;

  private OpenSearchNode(Process process, String url) {
    this.process = process;
    this.url = url;
  }

  /** The module's build output, found from the working directory up; empty when it was not built. */
  public static Optional<Path> moduleRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(CLASSPATH_FILE))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  /** Starts a node whose data lives under {@code dir}; waits until it answers. */
  public static OpenSearchNode start(Path dir, String heap) throws IOException {
    Path root = moduleRoot().orElseThrow(() -> new IllegalStateException(
        CLASSPATH_FILE + " not found above " + Path.of("").toAbsolutePath() + ": build the opensearch-node module"));
    String classpath = root.resolve(CLASSES) + java.io.File.pathSeparator
        + Files.readString(root.resolve(CLASSPATH_FILE)).trim();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(List.of(java.toString(), "-Xms" + heap, "-Xmx" + heap,
        "-XX:+UseG1GC", "-Djava.awt.headless=true", "-cp", classpath,
        "dev.trawl.opensearchnode.OpenSearchNodeMain", dir.toAbsolutePath().toString()))
        .redirectErrorStream(true).start();
    CompletableFuture<String> started = new CompletableFuture<>();
    Deque<String> tail = new ArrayDeque<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          Matcher m = STARTED.matcher(line);
          if (m.find()) {
            started.complete(m.group(1));
          }
          synchronized (tail) {
            tail.addLast(line);
            if (tail.size() > 40) {
              tail.removeFirst();
            }
          }
        }
      } catch (IOException e) {
        started.completeExceptionally(e);
      }
      synchronized (tail) {
        started.completeExceptionally(new IllegalStateException("opensearch exited before it started:\n"
            + String.join("\n", tail)));
      }
    }, "opensearch-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return new OpenSearchNode(process, started.get(STARTUP.toSeconds(), TimeUnit.SECONDS));
    } catch (ExecutionException e) {
      process.destroyForcibly();
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      process.destroyForcibly();
      throw new IllegalStateException("opensearch did not start within " + STARTUP);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while opensearch started", e);
    }
  }

  public String url() {
    return url;
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
