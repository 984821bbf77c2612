/** Searches over raw bytes that every line passes through, eight bytes at a time. */
package dev.trawl.collector.bytes;
