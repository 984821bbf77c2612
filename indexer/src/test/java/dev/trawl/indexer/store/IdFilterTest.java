package dev.trawl.indexer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

class IdFilterTest {
  private static final int IDS = 200_000;

  @Test
  void everyAddedIdIsFoundAndFewNewOnesAreTakenForThem() {
    IdFilter filter = new IdFilter(IDS);
    for (int i = 0; i < IDS / 2; i++) {
      filter.add(collectorId(i));
      filter.add(sequentialId(i));
    }
    for (int i = 0; i < IDS / 2; i++) {
      assertTrue(filter.mightContain(collectorId(i)), "collector id " + i);
      assertTrue(filter.mightContain(sequentialId(i)), "sequential id " + i);
    }
    int maybes = 0;
    for (int i = IDS; i < 2 * IDS; i++) {
      maybes += filter.mightContain(collectorId(i)) ? 1 : 0;
      maybes += filter.mightContain(sequentialId(i)) ? 1 : 0;
    }
    assertTrue(maybes < 2 * IDS / 100, maybes + " of " + 2 * IDS + " new ids taken for added ones");
  }

  @Test
  void atItsCapacityAboutOneNewIdInTwoHundredIsAMaybe() {
    IdFilter filter = new IdFilter(IDS);
    for (int i = 0; i < IDS; i++) {
      filter.add(collectorId(i));
    }
    assertTrue(filter.full());
    int maybes = 0;
    for (int i = IDS; i < 2 * IDS; i++) {
      maybes += filter.mightContain(collectorId(i)) ? 1 : 0;
    }
    assertTrue(maybes < IDS / 100, maybes + " of " + IDS + " new ids taken for added ones");
  }

  @Test
  void filtersGrowByAddingOneOfTwiceTheCapacityAndFindEveryId() {
    IdFilters filters = new IdFilters(0);
    int ids = (int) (IdFilters.MIN_CAPACITY * 2);
    for (int i = 0; i < ids; i++) {
      filters.add(sequentialId(i));
    }
    assertEquals(2, filters.count(), "one of the smallest capacity, then one of twice it");
    for (int i = 0; i < ids; i++) {
      assertTrue(filters.mightContain(sequentialId(i)), "id " + i);
    }
    int maybes = 0;
    for (int i = ids; i < ids + IDS; i++) {
      maybes += filters.mightContain(sequentialId(i)) ? 1 : 0;
    }
    assertTrue(maybes < IDS / 50, maybes + " of " + IDS + " new ids taken for added ones");
  }

  /** As the collector makes them: 16 random bytes, kept as their bytes behind a marker. */
  private static BytesRef collectorId(int i) {
    SplittableRandom random = new SplittableRandom(i * 0xC2B2AE3D27D4EB4FL + 11);
    byte[] id = ByteBuffer.allocate(17).put((byte) 0xFE).putLong(random.nextLong()).putLong(random.nextLong()).array();
    return new BytesRef(id);
  }

  private static BytesRef sequentialId(int i) {
    return new BytesRef("id-" + i);
  }
}
