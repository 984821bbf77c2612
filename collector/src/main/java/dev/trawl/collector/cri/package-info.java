/** Decoding of the container runtime's log line format (CRI) and joining of its partial lines. */
package dev.trawl.collector.cri;
