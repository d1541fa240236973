package io.auditsearch.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * A minimal pass-through HTTP proxy to one Elasticsearch node, the best case for an extra HTTP hop in a JVM:
 * plain Netty on a single event-loop thread; each client connection gets its own keep-alive connection to
 * Elasticsearch, registered on the same event loop, so a request and its response are passed on without a
 * thread hand-off. Whole requests go out with only {@code Host} rewritten; whole responses come back as they
 * are. No JSON is parsed. The search benchmark sends its direct requests through it to measure the hop alone.
 */
final class PassThroughProxy implements AutoCloseable {

    // far above anything the benchmark sends or gets back (a deep-paging page of 500 events is well under 1 MB)
    private static final int MAX_CONTENT = 64 << 20;

    /** The name its one event-loop thread starts with (the benchmark counts that thread's CPU). */
    static final String THREAD_NAME = "bench-proxy";

    private final EventLoopGroup loop;
    private final Channel server;

    private PassThroughProxy(EventLoopGroup loop, Channel server) {
        this.loop = loop;
        this.server = server;
    }

    /** Listens on a free port of 127.0.0.1 and forwards to {@code target}, a plain-http node like the managed one. */
    static PassThroughProxy start(URI target) throws InterruptedException {
        if (!"http".equals(target.getScheme())) {
            throw new IllegalArgumentException("the pass-through proxy speaks plain http only, not " + target);
        }
        int port = target.getPort() == -1 ? 80 : target.getPort();
        InetSocketAddress elasticsearch = new InetSocketAddress(target.getHost(), port);
        String host = target.getHost() + ":" + port;
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, new io.netty.util.concurrent.DefaultThreadFactory(THREAD_NAME, true),
                NioIoHandler.newFactory());
        Channel server = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // nothing is read from a client before its own connection to Elasticsearch is up
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_CONTENT), new Inbound(elasticsearch, host));
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        return new PassThroughProxy(loop, server);
    }

    /** {@code http://127.0.0.1:<port>}, to put in place of Elasticsearch's URL. */
    String url() {
        return "http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A client connection: opens its connection to Elasticsearch on its own event loop, then forwards each request. */
    private static final class Inbound extends ChannelInboundHandlerAdapter {

        private final InetSocketAddress elasticsearch;
        private final String host;
        private Channel outbound;

        Inbound(InetSocketAddress elasticsearch, String host) {
            this.elasticsearch = elasticsearch;
            this.host = host;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel inbound = ctx.channel();
            ChannelFuture connect = new Bootstrap().group(inbound.eventLoop()).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_CONTENT), new Outbound(inbound));
                        }
                    })
                    .connect(elasticsearch);
            outbound = connect.channel();
            connect.addListener((ChannelFuture f) -> {
                if (f.isSuccess()) {
                    inbound.config().setAutoRead(true);
                } else {
                    inbound.close();
                }
            });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            FullHttpRequest request = (FullHttpRequest) msg;
            request.headers().set(HttpHeaderNames.HOST, host);
            HttpUtil.setKeepAlive(request, true);
            // a failed write closes the outbound connection, and with it this one
            outbound.writeAndFlush(request).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            outbound.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** The connection to Elasticsearch of one client connection: hands each whole response back to that client. */
    private static final class Outbound extends ChannelInboundHandlerAdapter {

        private final Channel inbound;

        Outbound(Channel inbound) {
            this.inbound = inbound;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            inbound.writeAndFlush(msg).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            inbound.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
