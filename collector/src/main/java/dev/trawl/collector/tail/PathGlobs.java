package dev.trawl.collector.tail;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Lists the regular files that match a set of absolute globs, such as {@code /var/log/pods/*\/*\/*.log}. */
public final class PathGlobs {
  private record Glob(Path root, int depth, PathMatcher matcher) {}

  private final List<Glob> globs = new ArrayList<>();

  public PathGlobs(List<String> patterns) {
    for (String pattern : patterns) {
      Path p = Paths.get(pattern);
      if (!p.isAbsolute()) {
        throw new IllegalArgumentException("tail path glob must be absolute: " + pattern);
      }
      Path root = p.getRoot();
      int i = 0;
      for (; i < p.getNameCount() - 1; i++) {
        String part = p.getName(i).toString();
        if (part.chars().anyMatch(c -> "*?[{".indexOf(c) >= 0)) {
          break;
        }
        root = root.resolve(part);
      }
      globs.add(new Glob(root, p.getNameCount() - i,
          FileSystems.getDefault().getPathMatcher("glob:" + pattern)));
    }
  }

  /** The matching regular files now (following symlinks), in a stable order. */
  public List<Path> list() {
    List<Path> out = new ArrayList<>();
    for (Glob glob : globs) {
      if (!Files.isDirectory(glob.root())) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(glob.root(), glob.depth())) {
        walk.filter(glob.matcher()::matches).filter(Files::isRegularFile).sorted().forEach(out::add);
      } catch (IOException | java.io.UncheckedIOException e) {
        // A directory vanished mid-walk (a pod went away); the next scan sees the new state.
      }
    }
    return out;
  }
}
