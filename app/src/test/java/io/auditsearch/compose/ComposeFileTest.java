package io.auditsearch.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.auditsearch.elasticsearch.ManagedElasticsearchNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** docker-compose.yml, .env.example and the files they use, as a user with Docker gets them. */
@Tag("unit")
class ComposeFileTest {

    private static final List<String> HEALTHCHECKED = List.of("elasticsearch", "kibana", "audit-search");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|passwd|secret|key|token|credential).*");
    /** Elasticsearch settings whose value is the path of a PEM key file (docker/certs.sh makes it), not a secret. */
    private static final Pattern KEY_FILE_SETTING = Pattern.compile("xpack\\.security\\.(http|transport)\\.ssl\\.key");
    /** A reference to a variable from .env, optionally with a message when it is unset; no inline default. */
    private static final Pattern VARIABLE_ONLY = Pattern.compile("\\$\\{[A-Z][A-Z0-9_]*(:\\?[^}]*)?}");
    private static final Pattern VARIABLE = Pattern.compile("(?<!\\$)\\$\\{([A-Z][A-Z0-9_]*)");
    private static final Pattern IMAGE = Pattern.compile("docker\\.elastic\\.co/(elasticsearch|kibana)/(elasticsearch|kibana):(.+)");

    private static final String ES_HOME = "/usr/share/elasticsearch";
    private static final String KIBANA_HOME = "/usr/share/kibana";
    /** The CA certificate's place inside the certs volume (docker/certs.sh). */
    private static final String CA_UNDER_CERTS = "ca/ca.crt";

    private final ComposeFile compose = ComposeFile.read();

    @Test
    void theStackHasCertsElasticsearchKibanaSetupAndTheService() {
        assertEquals(Set.of("certs", "elasticsearch", "kibana", "setup", "audit-search"), compose.services().keySet());
    }

    @Test
    void elasticsearchKibanaAndTheServiceHaveHealthchecks() {
        for (String name : HEALTHCHECKED) {
            Object test = ComposeFile.map(compose.service(name).get("healthcheck")).get("test");
            assertTrue(test instanceof List<?> l && l.size() > 1 && !String.valueOf(l.get(1)).isBlank(), name + " healthcheck: " + test);
        }
    }

    @Test
    void elasticImagesArePinnedToThePomsElasticsearchVersion() throws Exception {
        String pom = pomProperty("elasticsearch.server.version");
        assertEquals(ManagedElasticsearchNode.VERSION, pom, "pom.xml and the managed node");
        Set<String> products = new HashSet<>();
        for (String name : List.of("certs", "elasticsearch", "kibana", "setup")) {
            String image = String.valueOf(compose.service(name).get("image"));
            Matcher m = IMAGE.matcher(image);
            assertTrue(m.matches(), name + ": not an official Elastic image: " + image);
            assertEquals(pom, m.group(3), name + ": image version");
            products.add(m.group(2));
        }
        assertEquals(Set.of("elasticsearch", "kibana"), products);
    }

    @Test
    void noPasswordSecretOrKeyIsWrittenInline() throws IOException {
        for (String service : compose.services().keySet()) {
            compose.environment(service).forEach((name, value) -> {
                if (KEY_FILE_SETTING.matcher(name).matches()) {
                    // the path of the node's private key in the certs volume, not key material
                    assertTrue(value.matches("certs/[a-z]+/[a-z]+\\.key"), service + ": " + name + " must be a key file in the certs volume: " + value);
                } else if (SECRET_NAME.matcher(name).matches()) {
                    assertTrue(VARIABLE_ONLY.matcher(value).matches(), service + ": " + name + " must be a ${VAR} from .env, not a value");
                }
            });
        }
        assertFalse(compose.text().contains("-----BEGIN"), "no certificate or key inline");
        for (var example : envExample().entrySet()) {
            if (SECRET_NAME.matcher(example.getKey()).matches()) {
                assertFalse(compose.text().contains(example.getValue()), "the value of " + example.getKey() + " from .env.example is in docker-compose.yml");
            }
        }
    }

    @Test
    void everyVariableTheComposeFileUsesIsInEnvExample() throws IOException {
        Map<String, String> example = envExample();
        Matcher m = VARIABLE.matcher(compose.text());
        int found = 0;
        while (m.find()) {
            assertTrue(example.containsKey(m.group(1)), m.group(1) + " is used by docker-compose.yml but missing from .env.example");
            found++;
        }
        assertTrue(found >= 4, "docker-compose.yml takes its passwords from .env");
    }

    @Test
    void elasticsearchRunsSingleNodeWithSecurityOnAndANamedDataVolume() {
        Map<String, String> env = compose.environment("elasticsearch");
        assertEquals("true", env.get("xpack.security.enabled"));
        assertEquals("single-node", env.get("discovery.type"));
        assertTrue(VARIABLE_ONLY.matcher(env.get("ELASTIC_PASSWORD")).matches());
        List<?> volumes = (List<?>) compose.service("elasticsearch").get("volumes");
        String volume = String.valueOf(volumes.getFirst());
        assertTrue(volume.endsWith(":/usr/share/elasticsearch/data"), volume);
        assertTrue(ComposeFile.map(compose.root().get("volumes")).containsKey(volume.substring(0, volume.indexOf(':'))), "named volume " + volume);
    }

    @Test
    void theServiceIsBuiltFromTheRepositoryAndLogsInToTheComposeElasticsearch() {
        Map<String, Object> build = ComposeFile.map(compose.service("audit-search").get("build"));
        assertEquals(".", build.get("context"));
        assertTrue(Files.isRegularFile(ComposeFile.ROOT.resolve(String.valueOf(build.get("dockerfile")))), "Dockerfile " + build.get("dockerfile"));
        Map<String, String> env = compose.environment("audit-search");
        assertTrue(env.get("ELASTICSEARCH_URL").matches("https?://elasticsearch:9200"), env.get("ELASTICSEARCH_URL"));
        assertTrue(VARIABLE_ONLY.matcher(env.get("ELASTICSEARCH_USERNAME")).matches(), "username from .env");
        assertTrue(VARIABLE_ONLY.matcher(env.get("ELASTICSEARCH_PASSWORD")).matches(), "password from .env");
    }

    @Test
    void elasticsearchServesHttpAndTransportOverTlsWithTheNodeCertificateFromTheCertsVolume() {
        Map<String, String> env = compose.environment("elasticsearch");
        for (String layer : List.of("http", "transport")) {
            String prefix = "xpack.security." + layer + ".ssl.";
            assertEquals("true", env.get(prefix + "enabled"), layer + " TLS");
            assertEquals("certs/elasticsearch/elasticsearch.key", env.get(prefix + "key"), layer + " key");
            assertEquals("certs/elasticsearch/elasticsearch.crt", env.get(prefix + "certificate"), layer + " certificate");
            assertEquals("certs/" + CA_UNDER_CERTS, env.get(prefix + "certificate_authorities"), layer + " CA");
        }
        assertFalse(compose.text().contains("ssl.enabled=false"), "no TLS switched off anywhere");
        // Elasticsearch resolves those paths against its config directory
        assertEquals(ES_HOME + "/config/certs", certsMount("elasticsearch"));
        String health = String.valueOf(((List<?>) ComposeFile.map(compose.service("elasticsearch").get("healthcheck")).get("test")).get(1));
        assertTrue(health.contains("--cacert config/certs/" + CA_UNDER_CERTS) && health.contains("https://localhost:9200"), "healthcheck over https: " + health);
    }

    @Test
    void theServiceTalksHttpsToElasticsearchAndIsGivenTheCa() {
        Map<String, String> env = compose.environment("audit-search");
        assertEquals("https://elasticsearch:9200", env.get("ELASTICSEARCH_URL"));
        assertEquals(certsMount("audit-search") + "/" + CA_UNDER_CERTS, env.get("ELASTICSEARCH_CA_CERT"), "ELASTICSEARCH_CA_CERT is the CA in the mounted certs volume");
    }

    @Test
    void kibanaTalksHttpsToElasticsearchAndIsGivenTheCa() {
        Map<String, String> env = compose.environment("kibana");
        assertEquals("https://elasticsearch:9200", env.get("ELASTICSEARCH_HOSTS"));
        // relative paths in Kibana's settings are resolved against its home directory
        assertEquals(KIBANA_HOME + "/" + env.get("ELASTICSEARCH_SSL_CERTIFICATEAUTHORITIES"), certsMount("kibana") + "/" + CA_UNDER_CERTS);
    }

    @Test
    void aOneShotCertsStepMakesTheCaAndNodeCertificateOnceAndElasticsearchWaitsForIt() throws IOException {
        Map<String, Object> certs = compose.service("certs");
        List<?> volumes = (List<?>) certs.get("volumes");
        assertTrue(volumes.contains("./docker/certs.sh:/certs.sh:ro"), "certs runs docker/certs.sh: " + volumes);
        assertEquals(List.of("/bin/sh", "/certs.sh"), certs.get("entrypoint"));
        assertTrue(volumes.contains("certs:" + ES_HOME + "/config/certs"), "certs writes the certs volume: " + volumes);
        assertEquals("no", certs.get("restart"));

        String script = Files.readString(ComposeFile.ROOT.resolve("docker/certs.sh"));
        assertTrue(script.contains("CERTS=${CERTS_DIR:-" + ES_HOME + "/config/certs}"), "the script writes where the volume is mounted");
        assertTrue(script.contains("\"$CERTUTIL\" ca --silent --pem"), "a CA from elasticsearch-certutil");
        assertTrue(script.contains("--name elasticsearch --dns elasticsearch,localhost"), "node certificate for the names the clients use");
        assertTrue(script.contains("if [ ! -s \"$CERTS/ca/ca.crt\" ]") && script.contains("if [ ! -s \"$CERTS/elasticsearch/elasticsearch.crt\" ]"),
                "idempotent: only what is missing is created");
        assertTrue(script.contains("chmod 0644 \"$CERTS/ca/ca.crt\"") && script.contains("chmod 0600 \"$CERTS/ca/ca.key\""),
                "the CA certificate readable by the service's own uid, its key by nobody else");

        Map<String, Object> waitsFor = ComposeFile.map(compose.service("elasticsearch").get("depends_on"));
        assertEquals("service_completed_successfully", ComposeFile.map(waitsFor.get("certs")).get("condition"));
        assertTrue(ComposeFile.map(compose.root().get("volumes")).containsKey("certs"), "named volume certs");
    }

    @Test
    void setupTalksHttpsToElasticsearchWithTheCa() throws IOException {
        assertEquals(ES_HOME + "/config/certs", certsMount("setup"));
        String script = Files.readString(ComposeFile.ROOT.resolve("docker/setup.sh"));
        assertTrue(script.contains("ES=${SETUP_ELASTICSEARCH_URL:-https://elasticsearch:9200}"), "https by default");
        assertTrue(script.contains("CA=${SETUP_CA_CERT:-" + ES_HOME + "/config/certs/" + CA_UNDER_CERTS + "}"), "the CA from the certs volume");
        int calls = 0;
        for (String line : script.lines().toList()) {
            if (line.contains("curl ") && line.contains("\"$ES")) {
                assertTrue(line.contains("--cacert \"$CA\""), "curl to Elasticsearch without the CA: " + line);
                calls++;
            }
        }
        assertEquals(2, calls, "the wait and es()");
    }

    @Test
    void setupSetsKibanaSystemAndImportsTheDataViewFirst() throws IOException {
        List<?> volumes = (List<?>) compose.service("setup").get("volumes");
        assertTrue(volumes.contains("./dashboards:/dashboards:ro"), "setup sees the dashboards: " + volumes);
        String script = Files.readString(ComposeFile.ROOT.resolve("docker/setup.sh"));
        assertTrue(volumes.contains("./docker/setup.sh:/setup.sh:ro"), "setup runs docker/setup.sh: " + volumes);
        assertTrue(script.contains("/_security/user/kibana_system/_password"), "kibana_system password");
        int dataView = script.indexOf("import_file \"$DASHBOARDS/audit-events-data-view.ndjson\"");
        assertTrue(dataView > 0 && dataView < script.indexOf("for file in \"$DASHBOARDS\"/*.ndjson"), "the data view is imported first");
        assertTrue(Files.isRegularFile(ComposeFile.ROOT.resolve("dashboards/audit-events-data-view.ndjson")));
    }

    @Test
    void dockerComposeAcceptsTheFile() throws Exception {
        List<String> compose = run("docker", "compose", "version") == 0 ? List.of("docker", "compose")
                : run("docker-compose", "version") == 0 ? List.of("docker-compose") : List.of();
        assumeFalse(compose.isEmpty(), "needs docker compose (the plugin or docker-compose; config needs no engine)");
        List<String> config = new ArrayList<>(compose);
        config.addAll(List.of("--env-file", ".env.example", "config", "--quiet"));
        assertEquals(0, run(config.toArray(String[]::new)), String.join(" ", config));
    }

    /** Where a service mounts the {@code certs} volume; read-only for all but the certs step. */
    private String certsMount(String service) {
        for (Object volume : (List<?>) compose.service(service).get("volumes")) {
            String[] parts = String.valueOf(volume).split(":");
            if (parts[0].equals("certs")) {
                assertTrue(parts.length == 3 && parts[2].equals("ro"), service + " mounts certs read-only: " + volume);
                return parts[1];
            }
        }
        throw new AssertionError(service + " does not mount the certs volume");
    }

    private static int run(String... command) throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder(command).directory(ComposeFile.ROOT.toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            if (p.exitValue() != 0) {
                System.out.println(String.join(" ", command) + ": " + output);
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        }
    }

    private static Map<String, String> envExample() throws IOException {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ComposeFile.ROOT.resolve(".env.example"))) {
            int eq = line.indexOf('=');
            if (!line.isBlank() && !line.startsWith("#") && eq > 0) {
                vars.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return vars;
    }

    private static String pomProperty(String name) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Path pom = ComposeFile.ROOT.resolve("pom.xml");
        var properties = factory.newDocumentBuilder().parse(pom.toFile()).getElementsByTagName(name);
        assertEquals(1, properties.getLength(), name + " in " + pom);
        return properties.item(0).getTextContent().trim();
    }
}
