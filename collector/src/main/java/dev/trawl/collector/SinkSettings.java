package dev.trawl.collector;

import dev.trawl.collector.multiline.MultilineDefaults;

/**
 * What every container log sink of a collector shares from its configuration.
 *
 * @param multilineTimeoutNanos how long a multiline event waits for its next line
 * @param multiline the rules for pods without the {@code trawl.dev/multiline} annotation
 * @param unknownPodWaitNanos how long a file's first lines wait for the API to know their pod
 */
record SinkSettings(String nodeName, int maxLineBytes, long multilineTimeoutNanos, MultilineDefaults multiline,
    long unknownPodWaitNanos) {}
