/** Benchmark harnesses run by {@code ./trawl bench}: each prints one {@code name value unit} figure per line. */
package dev.trawl.bench;
