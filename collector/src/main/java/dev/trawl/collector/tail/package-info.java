/**
 * Generic file tailing: discovery by glob, identity by device and inode, rotation, and atomic
 * checkpoints. Knows nothing of Kubernetes or log formats; lines go to a {@link
 * dev.trawl.collector.tail.LineSink}.
 */
package dev.trawl.collector.tail;
