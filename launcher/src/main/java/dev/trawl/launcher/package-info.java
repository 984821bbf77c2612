/** The {@code ./trawl} entry point: one subcommand per component, and the embedded demo. */
package dev.trawl.launcher;
