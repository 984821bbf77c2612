package dev.trawl.collector.tail;

import java.time.Duration;

/**
 * How the tailer reads.
 *
 * @param maxLineBytes longest line handed on; longer ones are cut there
 * @param idleTimeout a file that has not grown for this long is closed (its sink and buffers
 *     released) and reopened from its checkpoint when it grows again
 */
public record TailSettings(int maxLineBytes, Duration idleTimeout) {}
