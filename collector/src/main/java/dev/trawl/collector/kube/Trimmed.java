package dev.trawl.collector.kube;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Cuts API objects down to the fields {@link PodMetadataMapper} and the owner lookups read, in place. */
final class Trimmed {
  private Trimmed() {}

  /** Identity, labels, owners, the annotations in {@code keptAnnotations}, the IP and container statuses. */
  static Pod pod(Pod pod, Set<String> keptAnnotations) {
    ObjectMeta meta = pod.getMetadata();
    Map<String, String> annotations = new HashMap<>();
    if (meta.getAnnotations() != null) {
      meta.getAnnotations().forEach((k, v) -> {
        if (keptAnnotations.contains(k)) {
          annotations.put(k, v);
        }
      });
    }
    pod.setMetadata(identity(meta).withLabels(meta.getLabels()).withAnnotations(annotations)
        .withOwnerReferences(meta.getOwnerReferences()).build());
    // The node is chosen by the watch's field selector; nothing here reads the spec.
    pod.setSpec(null);
    if (pod.getStatus() != null) {
      pod.setStatus(new PodStatusBuilder().withPodIP(pod.getStatus().getPodIP())
          .withContainerStatuses(statuses(pod.getStatus().getContainerStatuses()))
          .withInitContainerStatuses(statuses(pod.getStatus().getInitContainerStatuses())).build());
    }
    return pod;
  }

  private static List<ContainerStatus> statuses(List<ContainerStatus> statuses) {
    return statuses == null ? null : statuses.stream().map(s -> new ContainerStatusBuilder().withName(s.getName())
        .withImage(s.getImage()).withContainerID(s.getContainerID()).build()).toList();
  }

  static Namespace namespace(Namespace namespace) {
    namespace.setMetadata(identity(namespace.getMetadata()).withLabels(namespace.getMetadata().getLabels()).build());
    namespace.setSpec(null);
    namespace.setStatus(null);
    return namespace;
  }

  static ReplicaSet replicaSet(ReplicaSet replicaSet) {
    ownersOnly(replicaSet);
    replicaSet.setSpec(null);
    replicaSet.setStatus(null);
    return replicaSet;
  }

  static Job job(Job job) {
    ownersOnly(job);
    job.setSpec(null);
    job.setStatus(null);
    return job;
  }

  /** Only the controlling owner, and of it only what names it. */
  private static void ownersOnly(HasMetadata object) {
    List<OwnerReference> controller = object.getMetadata().getOwnerReferences() == null ? List.of()
        : object.getMetadata().getOwnerReferences().stream().filter(o -> Boolean.TRUE.equals(o.getController()))
            .map(o -> new OwnerReferenceBuilder().withKind(o.getKind()).withName(o.getName()).withController(true).build())
            .toList();
    object.setMetadata(identity(object.getMetadata()).withOwnerReferences(controller).build());
  }

  private static ObjectMetaBuilder identity(ObjectMeta meta) {
    return new ObjectMetaBuilder().withName(meta.getName()).withNamespace(meta.getNamespace()).withUid(meta.getUid())
        .withResourceVersion(meta.getResourceVersion());
  }
}
