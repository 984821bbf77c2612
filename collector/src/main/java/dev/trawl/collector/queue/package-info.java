/** The node queue: a Chronicle Queue on disk between the tailers and the shipper, with its ack position. */
package dev.trawl.collector.queue;
