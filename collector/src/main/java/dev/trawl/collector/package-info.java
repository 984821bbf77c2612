/** The node collector: wiring of tail → decode → enrich → node queue → ship, its config and main. */
package dev.trawl.collector;
