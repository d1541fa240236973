package io.auditsearch.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy between the service and an Elasticsearch node that misbehaves on demand: it passes bytes through,
 * delays every answer, or answers each request itself with garbage bytes, a truncated response, or a 200 whose body
 * is not JSON (those requests never reach the node). Changing the mode closes every open connection, so the next
 * request sees the new one. Test code only: plain sockets, one virtual thread per direction.
 */
public final class FaultyProxy implements AutoCloseable {

    /** How the proxy answers. */
    public enum Mode { PASS, DELAY, GARBAGE, TRUNCATED, NOT_JSON }

    private final URI upstream;
    private final long delayMillis;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Random random = new Random(17);
    private volatile Mode mode = Mode.PASS;
    private volatile boolean closed;

    public FaultyProxy(String upstreamUrl, long delayMillis) throws IOException {
        this.upstream = URI.create(upstreamUrl);
        this.delayMillis = delayMillis;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("faulty-proxy").start(this::accept);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Sets how the next requests are answered, and drops the connections opened under the old mode. */
    public void mode(Mode next) {
        mode = next;
        for (Socket s : open) {
            quietly(s);
        }
        open.clear();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                open.add(client);
                Mode now = mode;
                Thread.ofVirtual().start(() -> serve(client, now));
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("[faulty-proxy] accept: " + e);
                }
            }
        }
    }

    private void serve(Socket client, Mode m) {
        try {
            if (m == Mode.PASS || m == Mode.DELAY) {
                Socket node = new Socket();
                open.add(node);
                node.connect(new InetSocketAddress(upstream.getHost(), upstream.getPort()), 5_000);
                Thread.ofVirtual().start(() -> pump(client, node, 0));
                pump(node, client, m == Mode.DELAY ? delayMillis : 0);
            } else {
                answerItself(client, m);
            }
        } catch (IOException e) {
            quietly(client);
        }
    }

    /** Copies {@code from} to {@code to}, each chunk after {@code delay} ms, until either side closes. */
    private void pump(Socket from, Socket to, long delay) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (delay > 0) {
                    Thread.sleep(delay);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // one side went away: so does the other
        } finally {
            quietly(from);
            quietly(to);
        }
    }

    /** Reads each request whole and answers it with the fault, never asking the node. */
    private void answerItself(Socket client, Mode m) throws IOException {
        InputStream in = new BufferedInputStream(client.getInputStream());
        OutputStream out = client.getOutputStream();
        while (readRequest(in)) {
            switch (m) {
                case GARBAGE -> {
                    byte[] junk = new byte[512];
                    synchronized (random) {
                        random.nextBytes(junk);
                    }
                    out.write(junk);
                    out.flush();
                    quietly(client);
                    return;
                }
                case TRUNCATED -> {
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-elastic-product: Elasticsearch\r\n"
                            + "Content-Length: 4000\r\n\r\n{\"took\":3,\"errors\":false,\"items\":[{\"create\":{\"_index\":\"audit-events")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    quietly(client);
                    return;
                }
                default -> {
                    byte[] body = "<html><body>502 Bad Gateway (but with a 200)</body></html>".getBytes(StandardCharsets.US_ASCII);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-elastic-product: Elasticsearch\r\n"
                            + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                }
            }
        }
        quietly(client);
    }

    /** Reads one request (head and body, by Content-Length or chunks); false at the end of the connection. */
    private static boolean readRequest(InputStream in) throws IOException {
        String line = line(in);
        if (line == null) {
            return false;
        }
        long length = 0;
        boolean chunked = false;
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).strip());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            for (String size = line(in); size != null; size = line(in)) {
                int n = Integer.parseInt(size.split(";")[0].strip(), 16);
                if (n == 0) {
                    line(in);
                    break;
                }
                in.skipNBytes(n);
                line(in);
            }
        } else {
            in.skipNBytes(length);
        }
        return true;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return b.size() == 0 ? null : b.toString(StandardCharsets.US_ASCII);
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    private static void quietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        mode(Mode.PASS);
        quietly2(server);
    }

    private static void quietly2(ServerSocket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
