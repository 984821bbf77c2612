package dev.trawl.collector.cgroup;

import java.nio.file.Path;

/** A container's cgroup directory, with the pod uid and container id its names carry. */
public record ContainerCgroup(String podUid, String containerId, Path dir) {}
