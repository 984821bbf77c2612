package dev.trawl.opensearchnode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.opensearch.core.common.transport.TransportAddress;
import org.opensearch.http.HttpServerTransport;

/**
 * Runs a single OpenSearch node under the folder given as the first argument, prints
 * {@code opensearch started url=http://127.0.0.1:<port>} once it answers, and stops when its
 * standard input closes, so that the node never outlives the test or benchmark that started it.
 */
public final class OpenSearchNodeMain {
  private OpenSearchNodeMain() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: OpenSearchNodeMain <base dir>");
      System.exit(2);
    }
    OpenSearchRunner runner = new OpenSearchRunner();
    runner.onBuild((index, settings) -> {
      settings.put("network.host", "127.0.0.1");
      settings.put("discovery.type", "single-node");
      // The machine's disk is shared and often mostly full; watermarks would make the node read-only.
      settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
      settings.put("http.max_content_length", "200mb");
    }).build(OpenSearchRunner.newConfigs()
        .basePath(Path.of(args[0]).toAbsolutePath().toString())
        .numOfNode(1)
        .clusterName("trawl-baseline")
        .disableESLogger());
    runner.ensureYellow();
    TransportAddress address = runner.node().injector().getInstance(HttpServerTransport.class)
        .boundAddress().publishAddress();
    System.out.println("opensearch started url=http://127.0.0.1:" + address.getPort());
    System.out.flush();
    InputStream in = System.in;
    while (in.read() >= 0) {
      // stdin is only a lifeline: the node stops when the parent closes it or dies
    }
    runner.close();
    runner.clean();
    System.exit(0);
  }
}
