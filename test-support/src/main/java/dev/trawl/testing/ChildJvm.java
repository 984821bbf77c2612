package dev.trawl.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Starts a component's main class in a JVM of its own, with this JVM's class path and module
 * openings, so a test can {@code kill -9} it ({@link Process#destroyForcibly()}) as an operator
 * or the kernel would.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * @param env added to this process's environment
   * @param output receives each line the child prints (stdout and stderr), on a daemon thread
   */
  public static Process start(Class<?> mainClass, Map<String, String> env, Consumer<String> output) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports")).forEach(command::add);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          output.accept(line);
        }
      } catch (IOException e) {
        // The child was killed: its output ends with it.
      }
    }, mainClass.getSimpleName() + "-output");
    reader.setDaemon(true);
    reader.start();
    return process;
  }
}
