package dev.trawl.collector.kube;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link PodCache} fed by shared informers: this node's pods
 * ({@code fieldSelector=spec.nodeName=<node>}), namespaces, and the cluster's ReplicaSets and Jobs
 * (to name a pod's Deployment and CronJob). One list and one watch per resource, never a request
 * per line or per file; watches ask for bookmarks, so a dropped watch resumes where it was, and a
 * {@code 410 Gone} relists while the cache keeps answering. Stores keep objects cut down to what
 * the records use. A deleted pod stays for a grace period so its last lines are still enriched. A
 * static pod is found by its mirror pod, under the config hash its log directory is named by.
 * Thread-safe.
 */
public final class KubePodCache implements PodCache, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KubePodCache.class);

  /** Pod metadata by pod uid, and by config hash for static pods. */
  private final Map<String, PodMetadata> pods = new ConcurrentHashMap<>();
  private final Map<String, Long> deletedAt = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> namespaceLabels = new ConcurrentHashMap<>();
  private final Controllers controllers = new Controllers();
  private final PodMetadataMapper mapper;
  private final long deletedGraceNanos;
  private final long firstListWaitNanos;
  /** Informers whose first list has neither completed nor failed. */
  private final AtomicInteger firstListsPending = new AtomicInteger(4);
  private volatile long startedNanos;
  private final SharedIndexInformer<Pod> podInformer;
  private final SharedIndexInformer<Namespace> namespaceInformer;
  private final SharedIndexInformer<ReplicaSet> replicaSetInformer;
  private final SharedIndexInformer<Job> jobInformer;
  private final ResourceEventHandler<Namespace> namespaceHandler = new NamespaceHandler();
  private final ResourceEventHandler<ReplicaSet> replicaSetHandler;
  private final ResourceEventHandler<Job> jobHandler;
  /** Set on close: informers that never synced then end as stopped, which is no failure worth a warning. */
  private volatile boolean closed;
  private final ScheduledExecutorService expiry = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "trawl-kube-expiry");
    t.setDaemon(true);
    return t;
  });

  /**
   * @param deletedGrace how long a deleted pod's metadata stays for its last lines
   * @param firstListWait how long, at most, new files wait for the first list before their own
   *     wait for an unknown pod begins (an unreachable API is retried without end)
   */
  public KubePodCache(KubernetesClient client, String nodeName, List<String> annotationAllowList,
      Duration deletedGrace, Duration firstListWait) {
    this.mapper = new PodMetadataMapper(annotationAllowList, controllers);
    this.deletedGraceNanos = deletedGrace.toNanos();
    this.firstListWaitNanos = firstListWait.toNanos();
    var kept = mapper.annotationsRead();
    podInformer = client.pods().inAnyNamespace().withField("spec.nodeName", nodeName).runnableInformer(0)
        .itemStore(new TrimmedStore<>(pod -> Trimmed.pod(pod, kept)));
    podInformer.addEventHandler(new PodHandler());
    namespaceInformer = client.namespaces().runnableInformer(0).itemStore(new TrimmedStore<>(Trimmed::namespace));
    namespaceInformer.addEventHandler(namespaceHandler);
    replicaSetInformer = client.apps().replicaSets().inAnyNamespace().runnableInformer(0)
        .itemStore(new TrimmedStore<>(Trimmed::replicaSet));
    replicaSetHandler = controllers.handler("ReplicaSet", this::remapOwnedBy);
    replicaSetInformer.addEventHandler(replicaSetHandler);
    jobInformer = client.batch().v1().jobs().inAnyNamespace().runnableInformer(0).itemStore(new TrimmedStore<>(Trimmed::job));
    jobHandler = controllers.handler("Job", this::remapOwnedBy);
    jobInformer.addEventHandler(jobHandler);
  }

  /** Starts the informers without waiting: lines flow with path metadata until they sync. */
  public void start() {
    long expiryPeriod = Math.max(1_000, Math.min(TimeUnit.NANOSECONDS.toMillis(deletedGraceNanos), 30_000));
    expiry.scheduleWithFixedDelay(this::expireDeleted, expiryPeriod, expiryPeriod, TimeUnit.MILLISECONDS);
    startedNanos = System.nanoTime();
    podInformer.start().whenComplete((v, e) -> synced("pods", e, () -> podInformer.getStore().list().forEach(this::putListed)));
    namespaceInformer.start().whenComplete((v, e) -> synced("namespaces", e,
        () -> namespaceInformer.getStore().list().forEach(namespaceHandler::onAdd)));
    replicaSetInformer.start().whenComplete((v, e) -> synced("replicasets", e,
        () -> replicaSetInformer.getStore().list().forEach(replicaSetHandler::onAdd)));
    jobInformer.start().whenComplete((v, e) -> synced("jobs", e, () -> jobInformer.getStore().list().forEach(jobHandler::onAdd)));
  }

  /**
   * An informer's list completes before its handler has seen the listed objects: the handler runs
   * on another thread, later. The listed objects are taken in here first, so files whose wait ends
   * with the first lists find every pod with its namespace and workload, whatever the handlers'
   * pace. The handlers then put the same metadata again, which changes nothing.
   */
  private void synced(String what, Throwable error, Runnable takeListed) {
    try {
      if (error == null) {
        takeListed.run();
        LOG.info("kube informer synced resource={}", what);
      } else if (!closed) {
        LOG.warn("kube informer start failed resource={}: {}", what, error.toString());
      }
    } finally {
      firstListsPending.decrementAndGet();
    }
  }

  /** True once every informer listed. */
  public boolean synced() {
    return podInformer.hasSynced() && namespaceInformer.hasSynced() && replicaSetInformer.hasSynced()
        && jobInformer.hasSynced();
  }

  @Override
  public boolean firstListPending() {
    return firstListsPending.get() > 0 && !closed && System.nanoTime() - startedNanos < firstListWaitNanos;
  }

  @Override
  public PodMetadata pod(String uid) {
    return pods.get(uid);
  }

  @Override
  public Map<String, String> namespaceLabels(String namespace) {
    return namespaceLabels.getOrDefault(namespace, Map.of());
  }

  @Override
  public boolean namespaceKnown(String namespace) {
    return namespaceLabels.containsKey(namespace);
  }

  /** Forgets pods deleted longer ago than the grace period; runs on a timer from {@link #start}. */
  synchronized void expireDeleted() {
    long now = System.nanoTime();
    deletedAt.forEach((key, at) -> {
      if (now - at > deletedGraceNanos) {
        deletedAt.remove(key);
        pods.remove(key);
      }
    });
  }

  /** Pods known, deleted ones in their grace period included. */
  public int size() {
    return (int) pods.values().stream().map(PodMetadata::uid).distinct().count();
  }

  /** ReplicaSets and Jobs whose controller is known. */
  int controllersKnown() {
    return controllers.size();
  }

  @Override
  public void close() {
    closed = true;
    expiry.shutdownNow();
    podInformer.close();
    namespaceInformer.close();
    replicaSetInformer.close();
    jobInformer.close();
  }

  /** Under one lock with the pod handler, so a remap never puts back an older view of a pod. */
  private synchronized void put(Pod pod) {
    PodMetadata meta = mapper.map(pod);
    for (String key : keys(pod)) {
      if (!meta.equals(pods.get(key))) {
        pods.put(key, meta);
      }
      deletedAt.remove(key);
    }
  }

  /**
   * A listed pod as the informer holds it now, unless it has been deleted since the list was read:
   * the handler may have seen it deleted (and marked it to expire), or seen it so long ago that it
   * has expired already, which only the informer's store still tells.
   */
  private synchronized void putListed(Pod listed) {
    Pod pod = podInformer.getStore().get(listed);
    if (pod != null && keys(pod).stream().noneMatch(deletedAt::containsKey)) {
      put(pod);
    }
  }

  private static List<String> keys(Pod pod) {
    String mirror = pod.getMetadata().getAnnotations() == null ? null
        : pod.getMetadata().getAnnotations().get(PodMetadataMapper.MIRROR_ANNOTATION);
    return mirror == null ? List.of(pod.getMetadata().getUid()) : List.of(pod.getMetadata().getUid(), mirror);
  }

  /** A ReplicaSet or Job got (another) controller: its pods on this node name their workload anew. */
  private void remapOwnedBy(Controllers.Changed changed) {
    for (Pod pod : podInformer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, changed.namespace())) {
      List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
      if (owners != null && owners.stream()
          .anyMatch(o -> changed.kind().equals(o.getKind()) && changed.name().equals(o.getName()))) {
        remap(pod);
      }
    }
  }

  /**
   * New metadata for a pod read from the informer's store a moment ago: the pod handler may have
   * seen it deleted since (or its grace period end), and a remap must not bring it back for good.
   */
  private synchronized void remap(Pod pod) {
    if (!pods.containsKey(pod.getMetadata().getUid())) {
      return;
    }
    PodMetadata meta = mapper.map(pod);
    for (String key : keys(pod)) {
      pods.put(key, meta);
    }
  }

  private final class PodHandler implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      put(pod);
    }

    /** A relist replays every pod as an update; an unchanged one keeps its metadata instance, so sinks render nothing again. */
    @Override
    public void onUpdate(Pod oldPod, Pod newPod) {
      if (!Objects.equals(oldPod.getMetadata().getResourceVersion(), newPod.getMetadata().getResourceVersion())
          || !pods.containsKey(newPod.getMetadata().getUid())) {
        put(newPod);
      }
    }

    @Override
    public void onDelete(Pod pod, boolean finalStateUnknown) {
      synchronized (KubePodCache.this) {
        long now = System.nanoTime();
        for (String key : keys(pod)) {
          deletedAt.put(key, now);
        }
      }
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
