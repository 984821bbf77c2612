/**
 * The embedded demo: demo pods writing real CRI log files with kubelet-style rotation, a stand-in
 * Kubernetes API serving them over list and watch, a generated cgroup tree, and the three
 * components wired together in one process.
 */
package dev.trawl.launcher.demo;
