/**
 * Decoding of the line formats container runtimes write: CRI ({@code <time> <stream> <P|F> <body>},
 * containerd and CRI-O) and Docker's json-file records; joining of the lines they split.
 */
package dev.trawl.collector.cri;
