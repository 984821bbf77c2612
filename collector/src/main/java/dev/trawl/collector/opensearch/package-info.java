/**
 * Prepares an OpenSearch cluster as the shipper's target: index templates with Trawl's mapping,
 * the log and metric data streams, and an Index State Management retention policy, installed
 * idempotently before the first bulk request.
 */
package dev.trawl.collector.opensearch;
