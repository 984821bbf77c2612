package dev.trawl.collector.kube;

import java.util.Map;

/** Pod metadata by pod uid, and namespace labels by name. Thread-safe; lookups never block. */
public interface PodCache {
  /** The pod's metadata, or null when it is not (yet) known. */
  PodMetadata pod(String uid);

  /** The namespace's labels; empty when unknown. */
  Map<String, String> namespaceLabels(String namespace);

  /** True once the namespace's labels are known (an empty map then means it has none). */
  default boolean namespaceKnown(String namespace) {
    return true;
  }

  /**
   * True when the cache follows the API, so that a pod it does not know is worth a short wait and,
   * after it, a flag on the lines that go without its metadata.
   */
  default boolean followsApi() {
    return true;
  }

  /**
   * True while the cache's first lists are under way: a pod it does not know may simply not be
   * listed yet, and one it knows may not have its ReplicaSet's or Job's controller yet, so a new
   * file's lines wait, and its wait for an unknown pod has not begun.
   */
  default boolean firstListPending() {
    return false;
  }

  /** A cache of known pods that never changes (a benchmark's or a test's), not following the API. */
  static PodCache of(Map<String, PodMetadata> podsByUid) {
    return new PodCache() {
      @Override
      public PodMetadata pod(String uid) {
        return podsByUid.get(uid);
      }

      @Override
      public Map<String, String> namespaceLabels(String namespace) {
        return Map.of();
      }

      @Override
      public boolean followsApi() {
        return false;
      }
    };
  }

  /** A cache that knows nothing: records carry what the file path says. */
  PodCache EMPTY = of(Map.of());
}
