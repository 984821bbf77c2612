package dev.trawl.collector.kube;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reduces an API {@link Pod} to the {@link PodMetadata} records carry. Thread-safe. */
final class PodMetadataMapper {
  private final Set<String> annotationAllowList;

  PodMetadataMapper(List<String> annotationAllowList) {
    this.annotationAllowList = Set.copyOf(annotationAllowList);
  }

  PodMetadata map(Pod pod) {
    var meta = pod.getMetadata();
    Map<String, String> labels = meta.getLabels() == null ? Map.of() : Map.copyOf(meta.getLabels());
    Map<String, String> all = meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
    Map<String, String> annotations = new HashMap<>();
    all.forEach((k, v) -> {
      if (annotationAllowList.contains(k)) {
        annotations.put(k, v);
      }
    });
    Map<String, PodMetadata.ContainerInfo> containers = new HashMap<>();
    if (pod.getStatus() != null) {
      addContainers(pod.getStatus().getContainerStatuses(), containers);
      addContainers(pod.getStatus().getInitContainerStatuses(), containers);
    }
    return new PodMetadata(meta.getUid(), meta.getNamespace(), meta.getName(),
        pod.getStatus() == null ? null : pod.getStatus().getPodIP(), labels, Map.copyOf(annotations),
        workloads(meta.getOwnerReferences(), labels), Map.copyOf(containers),
        "true".equalsIgnoreCase(all.get(PodMetadata.EXCLUDE_ANNOTATION)), all.get(PodMetadata.PARSER_ANNOTATION),
        all.get(PodMetadata.MULTILINE_ANNOTATION));
  }

  private static void addContainers(List<ContainerStatus> statuses, Map<String, PodMetadata.ContainerInfo> out) {
    if (statuses == null) {
      return;
    }
    for (ContainerStatus s : statuses) {
      String runtime = null;
      String id = s.getContainerID();
      if (id != null && id.contains("://")) {
        runtime = id.substring(0, id.indexOf("://"));
        id = id.substring(id.indexOf("://") + 3);
      }
      out.put(s.getName(), new PodMetadata.ContainerInfo(id, s.getImage(), runtime));
    }
  }

  /**
   * Owner workloads from owner references. A ReplicaSet made by a Deployment is named
   * {@code <deployment>-<pod-template-hash>}, so the Deployment is named without a request.
   */
  private static Map<String, String> workloads(List<OwnerReference> owners, Map<String, String> labels) {
    if (owners == null || owners.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new HashMap<>();
    for (OwnerReference owner : owners) {
      String kind = owner.getKind().toLowerCase(Locale.ROOT);
      String name = owner.getName();
      switch (kind) {
        case "replicaset" -> {
          String hash = labels.get("pod-template-hash");
          if (hash != null && name.endsWith("-" + hash)) {
            out.put("deployment", name.substring(0, name.length() - hash.length() - 1));
          } else {
            out.put("replicaset", name);
          }
        }
        case "statefulset", "daemonset", "job", "cronjob" -> out.put(kind, name);
        default -> { }
      }
    }
    return Map.copyOf(out);
  }
}
