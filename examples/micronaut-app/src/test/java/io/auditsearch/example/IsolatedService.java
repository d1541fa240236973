package io.auditsearch.example;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real Audit Search service started in this JVM from its own jar ({@code app/target/audit-search.jar},
 * built by the reactor before this module), in a class loader of its own: the service and the example
 * are both Micronaut applications, and each must see only its own beans.
 */
final class IsolatedService implements AutoCloseable {

    private final URLClassLoader loader;
    private final Object context;
    private final int port;

    private IsolatedService(URLClassLoader loader, Object context, int port) {
        this.loader = loader;
        this.context = context;
        this.port = port;
    }

    /** Starts the service with {@code properties} overriding its configuration, and waits until it serves. */
    static IsolatedService start(Map<String, Object> properties) throws Exception {
        Path jar = Path.of(System.getProperty("audit.example.service-jar", "../../app/target/audit-search.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the service jar " + jar.toAbsolutePath() + " is missing: build the reactor (./mvnw -B package)");
        }
        URLClassLoader loader = new URLClassLoader("audit-search-service", new URL[] {url(jar)}, ClassLoader.getPlatformClassLoader());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            Class<?> applicationContext = loader.loadClass("io.micronaut.context.ApplicationContext");
            Class<?> embeddedServer = loader.loadClass("io.micronaut.runtime.server.EmbeddedServer");
            Object server = applicationContext.getMethod("run", Class.class, Map.class, String[].class)
                    .invoke(null, embeddedServer, properties, new String[0]);
            int port = (int) embeddedServer.getMethod("getPort").invoke(server);
            Object context = embeddedServer.getMethod("getApplicationContext").invoke(server);
            return new IsolatedService(loader, context, port);
        } catch (InvocationTargetException e) {
            loader.close();
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws Exception {
        Method close = loader.loadClass("io.micronaut.context.ApplicationContext").getMethod("close");
        close.invoke(context);
        loader.close();
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
