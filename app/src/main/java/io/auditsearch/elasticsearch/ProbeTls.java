package io.auditsearch.elasticsearch;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** TLS for the managed node's start-up health probe. */
final class ProbeTls {

    private ProbeTls() {
    }

    /**
     * The health probe only asks our own child process on loopback whether it is up, sending no
     * credentials, so it need not verify the node's (test or self-signed) certificate.
     */
    static SSLContext context() throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS for the health probe", e);
        }
    }
}
