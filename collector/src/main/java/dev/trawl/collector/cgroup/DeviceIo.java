package dev.trawl.collector.cgroup;

/** Block I/O of one cgroup on one device, as cAdvisor reports it per {@code device}. */
record DeviceIo(String device, long readBytes, long writeBytes, long reads, long writes) {}
