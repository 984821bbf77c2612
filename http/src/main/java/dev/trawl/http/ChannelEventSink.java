package dev.trawl.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;

/** Events written as {@code text/event-stream} chunks on one connection. */
final class ChannelEventSink implements EventSink {
  private final ChannelHandlerContext ctx;

  ChannelEventSink(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void send(String event, String id, String data) {
    StringBuilder out = new StringBuilder(data.length() + 64);
    out.append("event: ").append(singleLine(event)).append('\n');
    if (id != null) {
      out.append("id: ").append(singleLine(id)).append('\n');
    }
    // a line break inside the data would end the field: each line becomes its own data field
    for (String line : data.split("\r\n|\r|\n", -1)) {
      out.append("data: ").append(line).append('\n');
    }
    write(out.append('\n'));
  }

  @Override
  public void comment(String text) {
    write(new StringBuilder(": ").append(singleLine(text)).append("\n\n"));
  }

  private static String singleLine(String s) {
    return s.replaceAll("[\r\n]", " ");
  }

  private void write(CharSequence text) {
    if (isOpen()) {
      ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
    }
  }

  @Override
  public boolean isOpen() {
    return ctx.channel().isActive();
  }

  @Override
  public boolean isWritable() {
    return ctx.channel().isWritable();
  }

  @Override
  public void onClose(Runnable action) {
    ctx.channel().closeFuture().addListener(f -> action.run());
  }

  @Override
  public void close() {
    ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
  }
}
