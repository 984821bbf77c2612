/**
 * The delivery chaos run: collector and indexer in JVMs of their own, killed with {@code kill -9}
 * at random moments while containers write numbered lines, then every line counted in the index.
 */
package dev.trawl.launcher.chaos;
