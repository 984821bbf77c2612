/**
 * The ECS-named JSON document one log line becomes, its deterministic {@code _id}, and the key
 * tokens that keep its repeated keys one byte each while it waits in the node queue.
 */
package dev.trawl.collector.record;
