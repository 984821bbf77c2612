/** Helpers the modules' tests share: bounded waits for conditions, files and ports on loopback. */
package dev.trawl.testing;
