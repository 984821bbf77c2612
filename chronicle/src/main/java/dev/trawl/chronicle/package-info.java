/** Chronicle Queue housekeeping shared by the node queue and the indexer's WAL. */
package dev.trawl.chronicle;
