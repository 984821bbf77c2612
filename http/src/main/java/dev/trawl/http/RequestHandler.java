package dev.trawl.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each request to the routes on the worker pool. One instance per connection: requests of
 * a connection run one after another, so pipelined requests get their responses in order.
 */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);

  private final Routes routes;
  private final ExecutorService workers;
  private final ArrayDeque<Request> pending = new ArrayDeque<>();
  private final ArrayDeque<Boolean> keepAlive = new ArrayDeque<>();
  private boolean busy;

  RequestHandler(Routes routes, ExecutorService workers) {
    this.routes = routes;
    this.workers = workers;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
    if (msg.decoderResult().isFailure()) {
      Throwable cause = msg.decoderResult().cause();
      write(ctx, Response.text(400, "bad request: " + (cause == null ? "undecodable" : cause.getMessage()) + "\n"), false);
      return;
    }
    QueryStringDecoder uri = new QueryStringDecoder(msg.uri());
    Map<String, String> params = new HashMap<>();
    uri.parameters().forEach((k, v) -> params.put(k, v.isEmpty() ? "" : v.get(v.size() - 1)));
    Map<String, String> headers = new HashMap<>();
    msg.headers().forEach(h -> headers.merge(h.getKey().toLowerCase(Locale.ROOT), h.getValue(), (a, b) -> a + "," + b));
    pending.add(new Request(msg.method().name(), uri.path(), Map.copyOf(params), Map.copyOf(headers),
        ByteBufUtil.getBytes(msg.content()), clientCertificates(ctx), remote(ctx)));
    keepAlive.add(HttpUtil.isKeepAlive(msg));
    runNext(ctx);
  }

  private static InetAddress remote(ChannelHandlerContext ctx) {
    return ctx.channel().remoteAddress() instanceof InetSocketAddress address ? address.getAddress()
        : InetAddress.getLoopbackAddress();
  }

  private static List<X509Certificate> clientCertificates(ChannelHandlerContext ctx) {
    SslHandler ssl = ctx.pipeline().get(SslHandler.class);
    if (ssl == null) {
      return List.of();
    }
    try {
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate c : ssl.engine().getSession().getPeerCertificates()) {
        if (c instanceof X509Certificate x509) {
          chain.add(x509);
        }
      }
      return List.copyOf(chain);
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }

  private void runNext(ChannelHandlerContext ctx) {
    if (busy || pending.isEmpty()) {
      return;
    }
    busy = true;
    Request request = pending.poll();
    boolean keep = keepAlive.poll();
    try {
      workers.execute(() -> {
        Response response;
        try {
          response = routes.handle(request);
        } catch (Exception | AssertionError e) {
          LOG.error("request {} {} failed: {}", request.method(), request.path(), e.toString(), e);
          response = Response.text(500, "internal error: " + e + "\n");
        }
        Response done = response;
        ctx.executor().execute(() -> {
          if (done.events() != null) {
            // the stream owns the connection from here on: later pipelined requests are not answered
            openStream(ctx, done);
            return;
          }
          write(ctx, done, keep);
          busy = false;
          runNext(ctx);
        });
      });
    } catch (RejectedExecutionException e) {
      write(ctx, Response.text(503, "shutting down\n"), false);
    }
  }

  private static void write(ChannelHandlerContext ctx, Response r, boolean keepAlive) {
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
        Unpooled.wrappedBuffer(r.body()));
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
    res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
    r.headers().forEach(res.headers()::set);
    HttpUtil.setKeepAlive(res, keepAlive);
    var future = ctx.writeAndFlush(res);
    if (!keepAlive) {
      future.addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static void openStream(ChannelHandlerContext ctx, Response r) {
    DefaultHttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()));
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
    r.headers().forEach(res.headers()::set);
    HttpUtil.setTransferEncodingChunked(res, true);
    HttpUtil.setKeepAlive(res, false);
    ctx.writeAndFlush(res);
    r.events().open(new ChannelEventSink(ctx));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("connection {} closed on error: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
