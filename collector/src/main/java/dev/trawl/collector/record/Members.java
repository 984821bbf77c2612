package dev.trawl.collector.record;

import java.util.Arrays;

/**
 * Where the members of a structured body lie: each one's key and value as start and end offsets,
 * in arrays that grow to the largest body seen and are reused for every line.
 */
final class Members {
  int count;
  int[] keyStart = new int[16];
  int[] keyEnd = new int[16];
  int[] valueStart = new int[16];
  int[] valueEnd = new int[16];
  /** Each key's ECS home, for bodies that note it ({@link StructuredBody#homeOf}). */
  int[] home = new int[16];

  void clear() {
    count = 0;
  }

  /** Notes one member; returns its index. */
  int add(int ks, int ke, int vs, int ve) {
    if (count == keyStart.length) {
      int n = count * 2;
      keyStart = Arrays.copyOf(keyStart, n);
      keyEnd = Arrays.copyOf(keyEnd, n);
      valueStart = Arrays.copyOf(valueStart, n);
      valueEnd = Arrays.copyOf(valueEnd, n);
      home = Arrays.copyOf(home, n);
    }
    keyStart[count] = ks;
    keyEnd[count] = ke;
    valueStart[count] = vs;
    valueEnd[count] = ve;
    return count++;
  }
}
