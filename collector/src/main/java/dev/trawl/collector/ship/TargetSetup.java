package dev.trawl.collector.ship;

import java.io.IOException;

/**
 * Work the shipper does on its target before the first bulk request, such as installing index
 * templates. An {@link IOException} means "not yet": the shipper retries with backoff and ships
 * nothing meanwhile, so that no document reaches the target before its mapping does.
 */
@FunctionalInterface
public interface TargetSetup {
  TargetSetup NONE = () -> { };

  void prepare() throws IOException;
}
