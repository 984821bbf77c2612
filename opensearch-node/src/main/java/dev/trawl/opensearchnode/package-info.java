/**
 * Starts one real OpenSearch node on loopback from Maven Central artifacts, in a JVM of its
 * own, so that tests and benchmarks can compare Trawl with the engine it scales out to.
 */
package dev.trawl.opensearchnode;
