package io.auditsearch.stream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syslog over TLS (RFC 5425): each event an RFC 5424 message in an octet-counted frame, each batch followed by
 * a heartbeat naming the last sequence sent and the batch's size. Syslog has no acknowledgement: a batch counts
 * as taken once its bytes and the heartbeat are flushed into the TLS connection. Before each batch the connection
 * is probed, so one the receiver closed is replaced instead of swallowing the batch; any failure closes it and
 * throws, and the loop sends the whole batch again on a new connection.
 */
public final class SyslogTlsTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(SyslogTlsTransport.class);

    private final SyslogSettings settings;
    private final PayloadFormat format;
    private final SyslogMessage messages;
    private final SSLContext tls;
    private final Clock clock;
    private final ScheduledExecutorService watchdog;
    private Socket tcp;
    private SSLSocket socket;
    private OutputStream out;

    public SyslogTlsTransport(SyslogSettings settings, PayloadFormat format) {
        this(settings, format, Clock.systemUTC());
    }

    SyslogTlsTransport(SyslogSettings settings, PayloadFormat format, Clock clock) {
        this.settings = settings;
        this.format = format;
        this.clock = clock;
        this.messages = new SyslogMessage(settings.facility(), settings.hostname(), settings.appName());
        try {
            this.tls = SyslogTls.context(settings);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("syslog TLS settings unusable: " + e.getMessage(), e);
        }
        this.watchdog = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("syslog-watchdog-" + settings.host() + ":" + settings.port()).factory());
    }

    @Override
    public Delivery send(List<StreamedEvent> batch) throws DeliveryException {
        if (batch.isEmpty()) {
            return Delivery.all();
        }
        ScheduledFuture<?> deadline = null;
        try {
            ensureConnected();
            // a socket write has no timeout: past the deadline, closing the TCP socket under TLS ends a blocked write
            Socket current = tcp;
            deadline = watchdog.schedule(() -> closeQuietly(current), settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            for (StreamedEvent event : batch) {
                out.write(messages.event(event, format.format(event)));
            }
            StreamedEvent last = batch.getLast();
            out.write(messages.heartbeat(last.sequence(), batch.size(), clock.instant()));
            out.flush();
            return Delivery.all();
        } catch (IOException e) {
            disconnect(false);
            throw DeliveryException.retry("syslog " + settings.host() + ":" + settings.port() + " did not take the batch: "
                    + e.getMessage(), e);
        } finally {
            if (deadline != null) {
                deadline.cancel(false);
            }
        }
    }

    /** Connects when there is no connection, or the receiver closed or reset the one there is. */
    private void ensureConnected() throws IOException {
        if (socket != null && !alive(socket)) {
            LOG.info("syslog {}:{} closed the connection; reconnecting", settings.host(), settings.port());
            disconnect(false);
        }
        if (socket == null) {
            connect();
        }
    }

    /** A receiver never writes to a syslog sender; end of stream or an error on a short read means it is gone. */
    private static boolean alive(SSLSocket s) {
        try {
            s.setSoTimeout(1);
            InputStream in = s.getInputStream();
            return in.read() != -1;
        } catch (SocketTimeoutException quiet) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void connect() throws IOException {
        int timeout = (int) settings.timeout().toMillis();
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(settings.host(), settings.port()), timeout);
            plain.setSoTimeout(timeout);
            plain.setTcpNoDelay(true);
            SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(plain, settings.host(), settings.port(), true);
            SSLParameters params = s.getSSLParameters();
            params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            params.setEndpointIdentificationAlgorithm("HTTPS");
            if (!Character.isDigit(settings.host().charAt(0)) && !settings.host().contains(":")) {
                params.setServerNames(List.of(new SNIHostName(settings.host())));
            }
            s.setSSLParameters(params);
            s.startHandshake();
            tcp = plain;
            socket = s;
            out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
        } catch (IOException | RuntimeException e) {
            closeQuietly(plain);
            throw e;
        }
    }

    /** Drops the connection: after a failure abruptly (TCP first, no close_notify that could block), else gracefully. */
    private void disconnect(boolean graceful) {
        if (socket != null) {
            if (!graceful) {
                closeQuietly(tcp);
            }
            closeQuietly(socket);
            closeQuietly(tcp);
        }
        tcp = null;
        socket = null;
        out = null;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already broken
        }
    }

    @Override
    public void close() {
        disconnect(true);
        watchdog.shutdownNow();
    }
}
