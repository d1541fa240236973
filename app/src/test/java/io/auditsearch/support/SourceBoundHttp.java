package io.auditsearch.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over one kept-alive connection whose local end is bound to a chosen loopback address
 * (127.0.0.2 and up answer on Linux), for tests where the caller's source address matters. The JDK's
 * client cannot choose its local address; this speaks the few lines of HTTP/1.1 such a test needs
 * (Content-Length or chunked answers).
 */
public final class SourceBoundHttp implements AutoCloseable {

    private final String source;
    private final URI base;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public SourceBoundHttp(String source, URI base) {
        this.source = source;
        this.base = base;
    }

    /** What came back; header names lowercase. */
    public record Answer(int status, Map<String, String> headers, String body) {
    }

    public Answer post(String path, String authorization, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nAuthorization: " + authorization + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        try {
            connect();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            Answer answer = read();
            if ("close".equalsIgnoreCase(answer.headers().getOrDefault("connection", ""))) {
                close();
            }
            return answer;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    private void connect() throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", base.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }
    }

    private Answer read() throws IOException {
        String status = line();
        int code = Integer.parseInt(status.split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line().split(";")[0].strip(), 16); size > 0; size = Integer.parseInt(line().split(";")[0].strip(), 16)) {
                body.write(in.readNBytes(size));
                line();
            }
            line();
        }
        return new Answer(code, headers, body.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed by the server");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
