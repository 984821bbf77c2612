package dev.trawl.queryui.kubeauth;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Remembers answers for a fixed time. Bounded: when it holds {@code maxEntries}, it starts over
 * rather than grow, because a flood of distinct keys (random tokens) must not exhaust memory.
 */
final class ExpiringCache<K, V> {
  private record Entry<V>(V value, long expiresAtNanos) {}

  private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
  private final long ttlNanos;
  private final int maxEntries;

  ExpiringCache(Duration ttl, int maxEntries) {
    this.ttlNanos = ttl.toNanos();
    this.maxEntries = maxEntries;
  }

  V get(K key, Function<K, V> load) {
    long now = System.nanoTime();
    Entry<V> entry = entries.get(key);
    if (entry != null && now - entry.expiresAtNanos() < 0) {
      return entry.value();
    }
    V value = load.apply(key);
    if (entries.size() >= maxEntries) {
      entries.clear();
    }
    entries.put(key, new Entry<>(value, now + ttlNanos));
    return value;
  }
}
