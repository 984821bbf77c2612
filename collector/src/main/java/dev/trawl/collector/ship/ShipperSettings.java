package dev.trawl.collector.ship;

import java.time.Duration;

/**
 * How the shipper batches and retries.
 *
 * @param maxDocs documents per bulk request at most
 * @param maxBytes source bytes per bulk request at most (before compression)
 * @param linger how long a partly filled batch waits for more documents
 * @param gzip compress request bodies
 * @param drainTimeout how long a stop keeps delivering what is queued
 * @param maxInFlight bulk requests sent at once at most; acknowledgements still follow queue order
 */
public record ShipperSettings(int maxDocs, long maxBytes, Duration linger, boolean gzip, Duration drainTimeout,
    int maxInFlight) {}
