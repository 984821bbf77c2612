/** The rotation torture run: writers that rotate as kubelet does, and the exactly-once check of the node queue. */
package dev.trawl.collector.torture;
