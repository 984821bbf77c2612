package dev.trawl.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Netty HTTP/1.1 server: binds, runs the routes on a bounded worker pool, and shuts down
 * gracefully (stops accepting, lets running requests finish).
 */
public final class HttpServer implements AutoCloseable {
  private final EventLoopGroup boss = new NioEventLoopGroup(1);
  private final EventLoopGroup io = new NioEventLoopGroup(2);
  private final ExecutorService workers;
  private final Channel channel;

  /**
   * @param host address to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
   * @param port port, 0 for any free one
   * @param maxBodyBytes larger request bodies (after decompression) answer 413
   */
  public HttpServer(String name, String host, int port, int maxBodyBytes, int workerThreads, Routes routes)
      throws InterruptedException {
    this(name, host, port, maxBodyBytes, workerThreads, null, routes);
  }

  /** The same over TLS: {@code tls} decides the server certificate and whether clients present one. */
  public HttpServer(String name, String host, int port, int maxBodyBytes, int workerThreads, SslContext tls,
      Routes routes) throws InterruptedException {
    AtomicInteger n = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(workerThreads, r -> {
      Thread t = new Thread(r, name + "-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(boss, io)
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (tls != null) {
              ch.pipeline().addLast(tls.newHandler(ch.alloc()));
            }
            ch.pipeline()
                .addLast(new HttpServerCodec(16 * 1024, 16 * 1024, 64 * 1024))
                .addLast(new HttpServerKeepAliveHandler())
                .addLast(new HttpContentCompressor())
                .addLast(new HttpContentDecompressor())
                .addLast(new HttpObjectAggregator(maxBodyBytes))
                .addLast(new RequestHandler(routes, workers));
          }
        });
    try {
      this.channel = bootstrap.bind(host, port).sync().channel();
    } catch (RuntimeException | InterruptedException e) {
      shutdownGroups();
      throw e;
    }
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly();
    workers.shutdown();
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    shutdownGroups();
  }

  private void shutdownGroups() {
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    io.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
  }
}
