package io.auditsearch.elasticsearch;

import io.micronaut.http.netty.channel.EventLoopGroupFactory;
import io.micronaut.http.netty.channel.EventLoopGroupRegistry;
import io.micronaut.http.netty.channel.NettyChannelType;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * HTTP/1.1 requests to Elasticsearch made on the HTTP server's own Netty event loops, for the read
 * path. A search answered through the client's I/O reactor crossed threads twice (event loop to
 * reactor, reactor back to event loop), and on a small machine each wake-up of a parked thread cost
 * more than the rest of the hop: measured, the service's search paid 4 to 5 ms over Elasticsearch
 * where a pass-through proxy on one event loop paid under 1. Here the request is written and its
 * answer read on the event loop that took the caller's request, over a keep-alive connection kept
 * for that loop; called from elsewhere, the group picks a loop. An answer is handed over part by
 * part as the socket brings it ({@link #stream}), so a page can be written while it arrives; {@link #send}
 * gathers a whole one. Same hosts, credentials and trust as the Elasticsearch client.
 */
@Singleton
public final class EventLoopHttp implements AutoCloseable {

    /** Elasticsearch's answer: the status and the whole body. */
    public record Answer(int status, byte[] body) {
    }

    /**
     * Takes an answer as it arrives, on the event loop that sent the request. Exactly one of {@link #end} and
     * {@link #fail} ends it; after {@code fail}, nothing else is called.
     */
    public interface Receiver {

        /** The answer's status line arrived. */
        void head(int status);

        /** The next part of the body; the buffer is only valid during the call. */
        void content(ByteBuf part);

        /** The socket has no more to read for now: a good moment to pass on what arrived. */
        void readComplete();

        /** The whole body arrived. */
        void end();

        /** The request failed: no connection, no answer in time, or the connection lost mid-answer. */
        void fail(IOException failure);
    }

    private static final AttributeKey<Exchange> PENDING = AttributeKey.valueOf("audit.pending");
    private static final AttributeKey<String> HOST = AttributeKey.valueOf("audit.host");
    private static final int MAX_ANSWER_BYTES = 256 << 20;
    private static final int MAX_PART_BYTES = 1 << 20;
    /** The low-level client's own defaults: connect within 1 s, answer within 30 s. */
    private static final int CONNECT_TIMEOUT_MILLIS = 1_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final EventLoopGroup loops;
    private final Class<? extends Channel> channelClass;
    private final List<URI> hosts;
    private final Optional<String> authorization;
    private final Optional<SslContext> ssl;
    private final AtomicInteger next = new AtomicInteger();
    /** Idle connections per event loop; each deque is only touched on its own loop. */
    private final Map<EventExecutor, ArrayDeque<Channel>> idle = new ConcurrentHashMap<>();

    EventLoopHttp(ElasticsearchClientFactory.Endpoint endpoint, ElasticsearchClientFactory.Trust trust, ElasticsearchConfiguration config,
                  EventLoopGroupRegistry registry, EventLoopGroupFactory factory) {
        this.loops = registry.getDefaultEventLoopGroup();
        this.channelClass = factory.channelClass(NettyChannelType.CLIENT_SOCKET,
                registry.getEventLoopGroupConfiguration("default").orElse(null));
        this.hosts = endpoint.hosts();
        this.authorization = config.apiKey().map(key -> "ApiKey " + key)
                .or(() -> config.username().map(user -> "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + config.password().orElse("")).getBytes(StandardCharsets.UTF_8))));
        this.ssl = trust.context().map(context -> new JdkSslContext(context, true, ClientAuth.NONE));
    }

    /** Sends one request; the future completes on the event loop that sent it, with any status (4xx and 5xx included). */
    public CompletableFuture<Answer> send(String method, String pathAndQuery, byte[] body) {
        Whole whole = new Whole();
        stream(method, pathAndQuery, body, whole);
        return whole.answer;
    }

    /** Sends one request and hands its answer to {@code receiver} part by part, as it arrives. */
    public void stream(String method, String pathAndQuery, byte[] body, Receiver receiver) {
        EventLoop loop = currentLoop();
        Exchange exchange = new Exchange(receiver);
        if (loop.inEventLoop()) {
            acquire(loop, method, pathAndQuery, body, exchange);
        } else {
            loop.execute(() -> acquire(loop, method, pathAndQuery, body, exchange));
        }
    }

    /** The loop running this thread, if it is one of the server's; else the group's next. */
    private EventLoop currentLoop() {
        for (EventExecutor executor : loops) {
            if (executor.inEventLoop()) {
                return (EventLoop) executor;
            }
        }
        return loops.next();
    }

    private void acquire(EventLoop loop, String method, String pathAndQuery, byte[] body, Exchange exchange) {
        ArrayDeque<Channel> free = idle.computeIfAbsent(loop, l -> new ArrayDeque<>());
        Channel channel;
        while ((channel = free.pollLast()) != null) {
            if (channel.isActive()) {
                write(channel, method, pathAndQuery, body, exchange);
                return;
            }
        }
        URI host = hosts.get(Math.floorMod(next.getAndIncrement(), hosts.size()));
        ChannelFuture connecting = new Bootstrap().group(loop).channel(channelClass)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.attr(HOST).set(host.getHost() + ":" + port(host));
                        ssl.ifPresent(context -> ch.pipeline().addLast(sslHandler(context, ch, host)));
                        // parts as large as a socket read brings: fewer, larger parts for the receivers
                        ch.pipeline().addLast(new HttpClientCodec(4096, 8192, MAX_PART_BYTES), new Answers(free));
                    }
                })
                .connect(host.getHost(), port(host));
        connecting.addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                write(f.channel(), method, pathAndQuery, body, exchange);
            } else {
                exchange.fail(new IOException("cannot connect to Elasticsearch at " + host + ": " + f.cause().getMessage(), f.cause()));
            }
        });
    }

    private void write(Channel channel, String method, String pathAndQuery, byte[] body, Exchange exchange) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), pathAndQuery,
                body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        request.headers().set(HttpHeaderNames.HOST, channel.attr(HOST).get())
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONTENT_LENGTH, body == null ? 0 : body.length);
        authorization.ifPresent(value -> request.headers().set(HttpHeaderNames.AUTHORIZATION, value));
        exchange.timer = channel.eventLoop().schedule(() -> {
            if (channel.attr(PENDING).compareAndSet(exchange, null)) {
                exchange.fail(new IOException("Elasticsearch did not answer within " + TIMEOUT.toSeconds() + " s"));
                channel.close();
            }
        }, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        channel.attr(PENDING).set(exchange);
        channel.writeAndFlush(request).addListener((ChannelFuture f) -> {
            if (!f.isSuccess() && f.channel().attr(PENDING).compareAndSet(exchange, null)) {
                exchange.fail(new IOException("cannot send to Elasticsearch: " + f.cause().getMessage(), f.cause()));
                f.channel().close();
            }
        });
    }

    private SslHandler sslHandler(SslContext context, Channel ch, URI host) {
        SslHandler handler = context.newHandler(ch.alloc(), host.getHost(), port(host));
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host, as the client checks it
        engine.setSSLParameters(parameters);
        return handler;
    }

    private static int port(URI host) {
        return host.getPort() != -1 ? host.getPort() : "https".equals(host.getScheme()) ? 443 : 9200;
    }

    @PreDestroy
    @Override
    public void close() {
        // each loop closes its own connections: their deques are only touched there
        idle.forEach((loop, free) -> {
            if (!loop.isShuttingDown()) {
                loop.submit(() -> List.copyOf(free).forEach(Channel::close)).awaitUninterruptibly(1, TimeUnit.SECONDS);
            }
        });
    }

    /** One request's receiver and its timer; ended at most once. */
    private static final class Exchange {
        private final Receiver receiver;
        private ScheduledFuture<?> timer;
        private boolean over;

        Exchange(Receiver receiver) {
            this.receiver = receiver;
        }

        void end() {
            if (!over) {
                over = true;
                cancelTimer();
                receiver.end();
            }
        }

        void fail(IOException failure) {
            if (!over) {
                over = true;
                cancelTimer();
                receiver.fail(failure);
            }
        }

        private void cancelTimer() {
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }

    /** Gathers a whole answer for {@link #send}. */
    private static final class Whole implements Receiver {
        private final CompletableFuture<Answer> answer = new CompletableFuture<>();
        private int status;
        private ByteBuf body;

        @Override
        public void head(int status) {
            this.status = status;
        }

        @Override
        public void content(ByteBuf part) {
            if (body == null) {
                body = Unpooled.buffer(part.readableBytes());
            }
            if (body.readableBytes() + part.readableBytes() > MAX_ANSWER_BYTES) {
                throw new TooLongFrameException("Elasticsearch's answer is over " + (MAX_ANSWER_BYTES >> 20) + " MB");
            }
            body.writeBytes(part, part.readerIndex(), part.readableBytes());
        }

        @Override
        public void readComplete() {
        }

        @Override
        public void end() {
            answer.complete(new Answer(status, body == null ? new byte[0] : ByteBufUtil.getBytes(body)));
        }

        @Override
        public void fail(IOException failure) {
            answer.completeExceptionally(failure);
        }
    }

    /** Passes the connection's answer to its exchange part by part; at its end, puts the connection back for its loop. */
    private static final class Answers extends ChannelInboundHandlerAdapter {

        private final ArrayDeque<Channel> free;
        private boolean keepAlive;

        Answers(ArrayDeque<Channel> free) {
            this.free = free;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                Exchange exchange = ctx.channel().attr(PENDING).get();
                if (msg instanceof HttpResponse response) {
                    keepAlive = HttpUtil.isKeepAlive(response);
                    if (exchange != null) {
                        exchange.receiver.head(response.status().code());
                    }
                }
                if (msg instanceof HttpContent content && exchange != null && content.content().isReadable()) {
                    exchange.receiver.content(content.content());
                }
                if (msg instanceof LastHttpContent) {
                    ctx.channel().attr(PENDING).compareAndSet(exchange, null);
                    if (keepAlive) {
                        free.addLast(ctx.channel());
                    } else {
                        ctx.close();
                    }
                    if (exchange != null) {
                        exchange.end();
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            Exchange exchange = ctx.channel().attr(PENDING).get();
            if (exchange != null) {
                exchange.receiver.readComplete();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            free.remove(ctx.channel());
            fail(ctx, new IOException("Elasticsearch closed the connection"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // a receiver that throws ends its exchange here too; the connection is not reused mid-answer
            fail(ctx, cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause));
            ctx.close();
        }

        private static void fail(ChannelHandlerContext ctx, IOException failure) {
            Exchange exchange = ctx.channel().attr(PENDING).getAndSet(null);
            if (exchange != null) {
                exchange.fail(failure);
            }
        }
    }
}
