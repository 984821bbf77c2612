package dev.trawl.collector.kube;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reduces an API {@link Pod} to the {@link PodMetadata} records carry. Thread-safe. */
final class PodMetadataMapper {
  /** The kubelet's annotation on a static pod's mirror: the hash its log directory is named by. */
  static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

  private final Set<String> annotationAllowList;
  private final Controllers controllers;

  PodMetadataMapper(List<String> annotationAllowList, Controllers controllers) {
    this.annotationAllowList = Set.copyOf(annotationAllowList);
    this.controllers = controllers;
  }

  /** The annotations this mapper reads: the allow-list and Trawl's own. */
  Set<String> annotationsRead() {
    Set<String> read = new HashSet<>(annotationAllowList);
    read.addAll(List.of(PodMetadata.EXCLUDE_ANNOTATION, PodMetadata.PARSER_ANNOTATION, PodMetadata.MULTILINE_ANNOTATION,
        MIRROR_ANNOTATION));
    return Set.copyOf(read);
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
        workloads(meta.getNamespace(), meta.getOwnerReferences(), labels), Map.copyOf(containers),
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
   * Owner workloads from owner references: a ReplicaSet names its Deployment and a Job its CronJob
   * through {@link Controllers}. A ReplicaSet not listed yet is named by its name, which a
   * Deployment makes {@code <deployment>-<pod-template-hash>}; the pod is mapped again once it is.
   */
  private Map<String, String> workloads(String namespace, List<OwnerReference> owners, Map<String, String> labels) {
    if (owners == null || owners.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new HashMap<>();
    for (OwnerReference owner : owners) {
      String kind = owner.getKind().toLowerCase(Locale.ROOT);
      String name = owner.getName();
      switch (kind) {
        case "replicaset" -> {
          Controllers.Controller controller = controllers.of(namespace, owner.getKind(), name);
          String deployment = controller == null ? deploymentByName(name, labels.get("pod-template-hash"))
              : controller.kind().equals("Deployment") ? controller.name() : null;
          if (deployment != null) {
            out.put("deployment", deployment);
          } else {
            out.put(kind, name);
          }
        }
        case "job" -> {
          out.put(kind, name);
          Controllers.Controller controller = controllers.of(namespace, owner.getKind(), name);
          if (controller != null && controller.kind().equals("CronJob")) {
            out.put("cronjob", controller.name());
          }
        }
        case "statefulset", "daemonset", "cronjob" -> out.put(kind, name);
        default -> { }
      }
    }
    return Map.copyOf(out);
  }

  private static String deploymentByName(String replicaSet, String podTemplateHash) {
    return podTemplateHash != null && replicaSet.endsWith("-" + podTemplateHash)
        ? replicaSet.substring(0, replicaSet.length() - podTemplateHash.length() - 1) : null;
  }
}
