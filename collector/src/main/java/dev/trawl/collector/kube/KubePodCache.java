package dev.trawl.collector.kube;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link PodCache} fed by two shared informers: this node's pods
 * ({@code fieldSelector=spec.nodeName=<node>}) and namespaces. One list and one watch per resource,
 * never a request per line; the informers relist on their own after a 410 or a dropped watch. A
 * deleted pod stays for a grace period so its last lines are still enriched. Thread-safe.
 */
public final class KubePodCache implements PodCache, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KubePodCache.class);

  private final Map<String, PodMetadata> pods = new ConcurrentHashMap<>();
  private final Map<String, Long> deletedAt = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> namespaceLabels = new ConcurrentHashMap<>();
  private final PodMetadataMapper mapper;
  private final long deletedGraceNanos;
  private final SharedIndexInformer<Pod> podInformer;
  private final SharedIndexInformer<Namespace> namespaceInformer;

  public KubePodCache(KubernetesClient client, String nodeName, List<String> annotationAllowList,
      Duration deletedGrace) {
    this.mapper = new PodMetadataMapper(annotationAllowList);
    this.deletedGraceNanos = deletedGrace.toNanos();
    podInformer = client.pods().inAnyNamespace().withField("spec.nodeName", nodeName).runnableInformer(0);
    podInformer.addEventHandler(new PodHandler());
    namespaceInformer = client.namespaces().runnableInformer(0);
    namespaceInformer.addEventHandler(new NamespaceHandler());
  }

  /** Starts both informers without waiting: lines flow with path metadata until they sync. */
  public void start() {
    podInformer.start().whenComplete((v, e) -> synced("pods", e));
    namespaceInformer.start().whenComplete((v, e) -> synced("namespaces", e));
  }

  private static void synced(String what, Throwable error) {
    if (error == null) {
      LOG.info("kube informer synced resource={}", what);
    } else {
      LOG.warn("kube informer start failed resource={}: {}", what, error.toString());
    }
  }

  /** True once both informers listed. */
  public boolean synced() {
    return podInformer.hasSynced() && namespaceInformer.hasSynced();
  }

  @Override
  public PodMetadata pod(String uid) {
    return pods.get(uid);
  }

  @Override
  public Map<String, String> namespaceLabels(String namespace) {
    return namespaceLabels.getOrDefault(namespace, Map.of());
  }

  /** Forgets pods deleted longer ago than the grace period. */
  public void expireDeleted() {
    long now = System.nanoTime();
    deletedAt.forEach((uid, at) -> {
      if (now - at > deletedGraceNanos) {
        deletedAt.remove(uid);
        pods.remove(uid);
      }
    });
  }

  public int size() {
    return pods.size();
  }

  @Override
  public void close() {
    podInformer.close();
    namespaceInformer.close();
  }

  private final class PodHandler implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      PodMetadata meta = mapper.map(pod);
      pods.put(meta.uid(), meta);
      deletedAt.remove(meta.uid());
    }

    @Override
    public void onUpdate(Pod oldPod, Pod newPod) {
      onAdd(newPod);
    }

    @Override
    public void onDelete(Pod pod, boolean finalStateUnknown) {
      deletedAt.put(pod.getMetadata().getUid(), System.nanoTime());
    }
  }

  private final class NamespaceHandler implements ResourceEventHandler<Namespace> {
    @Override
    public void onAdd(Namespace ns) {
      Map<String, String> labels = ns.getMetadata().getLabels();
      namespaceLabels.put(ns.getMetadata().getName(), labels == null ? Map.of() : Map.copyOf(labels));
    }

    @Override
    public void onUpdate(Namespace oldNs, Namespace newNs) {
      onAdd(newNs);
    }

    @Override
    public void onDelete(Namespace ns, boolean finalStateUnknown) {
      namespaceLabels.remove(ns.getMetadata().getName());
    }
  }
}
