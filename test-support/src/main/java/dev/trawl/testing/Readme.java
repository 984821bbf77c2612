package dev.trawl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks a module's README (the test's working directory is the module). */
public final class Readme {
  private Readme() {}

  /** Fails unless README.md holds {@code text} exactly, printing it so the README can be regenerated. */
  public static void assertContains(String text) {
    String readme;
    try {
      readme = Files.readString(Path.of("README.md"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!readme.contains(text)) {
      throw new AssertionError("README.md must contain this text (regenerate it):\n" + text);
    }
  }
}
