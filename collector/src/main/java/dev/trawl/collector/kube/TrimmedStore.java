package dev.trawl.collector.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * An informer's store that keeps each object cut down to what the collector reads. A pod's spec
 * or a ReplicaSet's template is most of its size, and a node agent holds every ReplicaSet and Job
 * of the cluster. The cut happens as the informer stores an object, before its handlers see it.
 */
final class TrimmedStore<T extends HasMetadata> implements ItemStore<T> {
  private final BasicItemStore<T> store = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);
  private final UnaryOperator<T> trim;

  TrimmedStore(UnaryOperator<T> trim) {
    this.trim = trim;
  }

  @Override
  public String getKey(T item) {
    return store.getKey(item);
  }

  @Override
  public T put(String key, T item) {
    return store.put(key, trim.apply(item));
  }

  @Override
  public T remove(String key) {
    return store.remove(key);
  }

  @Override
  public Stream<String> keySet() {
    return store.keySet();
  }

  @Override
  public Stream<T> values() {
    return store.values();
  }

  @Override
  public int size() {
    return store.size();
  }

  @Override
  public T get(String key) {
    return store.get(key);
  }
}
