/**
 * Joining the lines of one event (a stack trace, a panic) into one record, by the rule the pod's
 * {@code trawl.dev/multiline} annotation picks.
 */
package dev.trawl.collector.multiline;
