package dev.trawl.collector.tail;

/**
 * What stands between the sinks and durability: the pipeline may gather the lines a pass hands to
 * the sinks and write them on together. Called on the tailer's thread.
 */
public interface Handoff {
  /** Makes durable what the sinks were handed; called after every pass over the files and before every checkpoint. */
  void passEnded();

  /** Where the pipeline stands, saved with a checkpoint so that a restart knows what was handed on after it. */
  long mark();
}
