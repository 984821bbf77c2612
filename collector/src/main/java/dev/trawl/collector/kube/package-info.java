/**
 * Pod metadata from the Kubernetes API (a shared informer on this node's pods and on namespaces)
 * and from kubelet's log path layout.
 */
package dev.trawl.collector.kube;
