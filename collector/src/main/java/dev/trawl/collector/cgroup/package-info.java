/** Container resource metrics read from the cgroup tree, exposed under cAdvisor's names. */
package dev.trawl.collector.cgroup;
