/**
 * Component configuration: keys declared once with default, type and description, read from one
 * YAML file and overridden by {@code TRAWL_*} environment variables, validated at start.
 */
package dev.trawl.config;
