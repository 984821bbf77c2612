/** The ECS-named JSON document one log line becomes, and its deterministic {@code _id}. */
package dev.trawl.collector.record;
