package io.auditsearch.elasticsearch;

import io.micronaut.http.netty.channel.EventLoopGroupFactory;
import io.micronaut.http.netty.channel.EventLoopGroupRegistry;
import io.micronaut.http.netty.channel.NettyChannelType;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
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
 * for that loop; called from elsewhere, the group picks a loop. Same hosts, credentials and trust as
 * the Elasticsearch client.
 */
@Singleton
public final class EventLoopHttp implements AutoCloseable {

    /** Elasticsearch's answer: the status and the whole body. */
    public record Answer(int status, byte[] body) {
    }

    private static final AttributeKey<CompletableFuture<Answer>> PENDING = AttributeKey.valueOf("audit.pending");
    private static final AttributeKey<String> HOST = AttributeKey.valueOf("audit.host");
    private static final int MAX_ANSWER_BYTES = 256 << 20;
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
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        EventLoop loop = currentLoop();
        if (loop.inEventLoop()) {
            acquire(loop, method, pathAndQuery, body, answer);
        } else {
            loop.execute(() -> acquire(loop, method, pathAndQuery, body, answer));
        }
        return answer;
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

    private void acquire(EventLoop loop, String method, String pathAndQuery, byte[] body, CompletableFuture<Answer> answer) {
        ArrayDeque<Channel> free = idle.computeIfAbsent(loop, l -> new ArrayDeque<>());
        Channel channel;
        while ((channel = free.pollLast()) != null) {
            if (channel.isActive()) {
                write(channel, method, pathAndQuery, body, answer);
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
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_ANSWER_BYTES), new Answers(free));
                    }
                })
                .connect(host.getHost(), port(host));
        connecting.addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                write(f.channel(), method, pathAndQuery, body, answer);
            } else {
                answer.completeExceptionally(new IOException("cannot connect to Elasticsearch at " + host + ": " + f.cause().getMessage(), f.cause()));
            }
        });
    }

    private void write(Channel channel, String method, String pathAndQuery, byte[] body, CompletableFuture<Answer> answer) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), pathAndQuery,
                body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        request.headers().set(HttpHeaderNames.HOST, channel.attr(HOST).get())
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONTENT_LENGTH, body == null ? 0 : body.length);
        authorization.ifPresent(value -> request.headers().set(HttpHeaderNames.AUTHORIZATION, value));
        ScheduledFuture<?> timer = channel.eventLoop().schedule(() -> {
            if (answer.completeExceptionally(new IOException("Elasticsearch did not answer within " + TIMEOUT.toSeconds() + " s"))) {
                channel.close();
            }
        }, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        answer.whenComplete((a, e) -> timer.cancel(false));
        channel.attr(PENDING).set(answer);
        channel.writeAndFlush(request).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                answer.completeExceptionally(new IOException("cannot send to Elasticsearch: " + f.cause().getMessage(), f.cause()));
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

    /** Completes the connection's pending request with its answer, then puts the connection back for its loop. */
    private static final class Answers extends SimpleChannelInboundHandler<FullHttpResponse> {

        private final ArrayDeque<Channel> free;

        Answers(ArrayDeque<Channel> free) {
            this.free = free;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            CompletableFuture<Answer> answer = ctx.channel().attr(PENDING).getAndSet(null);
            if (HttpUtil.isKeepAlive(response)) {
                free.addLast(ctx.channel());
            } else {
                ctx.close();
            }
            if (answer != null) {
                answer.complete(new Answer(response.status().code(), ByteBufUtil.getBytes(response.content())));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            free.remove(ctx.channel());
            fail(ctx, new IOException("Elasticsearch closed the connection"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(ctx, cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause));
            ctx.close();
        }

        private static void fail(ChannelHandlerContext ctx, IOException failure) {
            CompletableFuture<Answer> answer = ctx.channel().attr(PENDING).getAndSet(null);
            if (answer != null) {
                answer.completeExceptionally(failure);
            }
        }
    }
}
