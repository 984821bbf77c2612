package dev.trawl.collector.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.trawl.collector.kube.PodMetadata;
import dev.trawl.collector.kube.PodPath;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders the {@code kubernetes.*} and {@code container.*} members of a container's documents
 * once, as raw JSON that each line's document appends. The path gives namespace, pod, uid and
 * container; the API adds the rest when the pod is known. Stateless and thread-safe.
 */
public final class KubernetesFields {
  private static final JsonFactory JSON = new JsonFactory();

  private KubernetesFields() {}

  /**
   * @param path where the lines come from; an empty container name stands for the whole pod (its
   *     own cgroup's metrics), which has no {@code kubernetes.container.*}
   * @param meta the pod from the API, or null when not (yet) known
   * @return members that start with a comma, to follow other members of the document
   */
  public static SerializedString render(PodPath path, PodMetadata meta, Map<String, String> namespaceLabels,
      String nodeName) {
    StringWriter text = new StringWriter(512);
    try (JsonGenerator gen = JSON.createGenerator(text)) {
      gen.writeStartObject();
      gen.writeObjectFieldStart("kubernetes");
      gen.writeStringField("namespace", path.namespace());
      gen.writeObjectFieldStart("pod");
      gen.writeStringField("name", path.podName());
      gen.writeStringField("uid", path.podUid());
      if (meta != null && meta.ip() != null) {
        gen.writeStringField("ip", meta.ip());
      }
      gen.writeEndObject();
      if (!path.containerName().isEmpty()) {
        gen.writeObjectFieldStart("container");
        gen.writeStringField("name", path.containerName());
        gen.writeEndObject();
      }
      gen.writeObjectFieldStart("node");
      gen.writeStringField("name", nodeName);
      gen.writeEndObject();
      if (meta != null) {
        writeMap(gen, "labels", meta.labels());
        writeMap(gen, "annotations", meta.annotations());
        for (var workload : new TreeMap<>(meta.workloads()).entrySet()) {
          gen.writeObjectFieldStart(workload.getKey());
          gen.writeStringField("name", workload.getValue());
          gen.writeEndObject();
        }
      }
      writeMap(gen, "namespace_labels", namespaceLabels);
      gen.writeEndObject();
      PodMetadata.ContainerInfo container = meta == null ? null : meta.containers().get(path.containerName());
      if (container != null) {
        gen.writeObjectFieldStart("container");
        gen.writeStringField("id", container.id());
        gen.writeObjectFieldStart("image");
        gen.writeStringField("name", container.image());
        gen.writeEndObject();
        gen.writeStringField("runtime", container.runtime());
        gen.writeEndObject();
      }
      gen.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String object = text.toString();
    return new SerializedString("," + object.substring(1, object.length() - 1));
  }

  private static void writeMap(JsonGenerator gen, String name, Map<String, String> map) throws IOException {
    if (map.isEmpty()) {
      return;
    }
    gen.writeObjectFieldStart(name);
    for (var e : new TreeMap<>(map).entrySet()) {
      gen.writeStringField(e.getKey(), e.getValue());
    }
    gen.writeEndObject();
  }
}
