/** Connecting to the Kubernetes API the same way in every component: in-cluster, kubeconfig, or {@code kube.url}. */
package dev.trawl.kube;
