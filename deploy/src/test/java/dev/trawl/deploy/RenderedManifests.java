package dev.trawl.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A kustomization as {@code kubectl kustomize} renders it, parsed with the Kubernetes client's model. */
final class RenderedManifests {
  static final Path BASE = Path.of("daemonset");
  static final Path EXAMPLE_OVERLAY = Path.of("overlays", "example");

  private RenderedManifests() {}

  static boolean kubectlAvailable() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, "kubectl"))) {
        return true;
      }
    }
    return false;
  }

  static List<HasMetadata> render(Path kustomization) throws IOException, InterruptedException {
    Process kubectl = new ProcessBuilder("kubectl", "kustomize", kustomization.toString()).redirectErrorStream(false).start();
    byte[] out = kubectl.getInputStream().readAllBytes();
    String err = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!kubectl.waitFor(60, TimeUnit.SECONDS) || kubectl.exitValue() != 0) {
      throw new AssertionError("kubectl kustomize failed: " + err);
    }
    List<HasMetadata> objects = new ArrayList<>();
    for (String doc : new String(out, StandardCharsets.UTF_8).split("(?m)^---$")) {
      if (!doc.isBlank()) {
        objects.add(Serialization.unmarshal(doc));
      }
    }
    return objects;
  }

  @SuppressWarnings("unchecked")
  static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String name) {
    return (T) objects.stream().filter(o -> type.isInstance(o) && o.getMetadata().getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }
}
