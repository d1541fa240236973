package io.auditsearch.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.util.stream.Collectors;
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
    void theStackHasCertsElasticsearchKibanaTheTwoSetupStepsAndTheService() {
        assertEquals(Set.of("certs", "elasticsearch", "kibana", "setup", "kibana-setup", "audit-search"), compose.services().keySet());
    }

    @Test
    void theServiceWaitsOnlyForElasticsearchHealthyAndItsUserNeverForKibana() throws IOException {
        Map<String, Object> waitsFor = ComposeFile.map(compose.service("audit-search").get("depends_on"));
        assertEquals(Set.of("elasticsearch", "setup"), waitsFor.keySet(), "the service's dependencies");
        assertEquals("service_healthy", ComposeFile.map(waitsFor.get("elasticsearch")).get("condition"));
        assertEquals("service_completed_successfully", ComposeFile.map(waitsFor.get("setup")).get("condition"));
        assertFalse(dependsOnTransitively("audit-search", "kibana"), "nothing the service waits for waits for Kibana");
        assertFalse(dependsOnTransitively("audit-search", "kibana-setup"), "nothing the service waits for imports dashboards");

        String setup = Files.readString(ComposeFile.ROOT.resolve("docker/setup.sh"));
        assertFalse(setup.contains("KIBANA=") || setup.contains("5601") || setup.contains("_import"),
                "setup only makes users and roles: it neither polls Kibana nor imports dashboards");
        assertFalse(compose.environment("setup").keySet().stream().anyMatch(k -> k.startsWith("SETUP_KIBANA")), "setup is not told about Kibana");
    }

    @Test
    void kibanaSetupImportsTheDashboardsAfterKibanaIsHealthyWithADeadlineAndNothingWaitsForIt() throws IOException {
        Map<String, Object> step = compose.service("kibana-setup");
        assertEquals("no", step.get("restart"), "a one-shot step");
        assertEquals(List.of("/bin/sh", "/kibana-setup.sh"), step.get("entrypoint"));
        List<?> volumes = (List<?>) step.get("volumes");
        assertTrue(volumes.contains("./docker/kibana-setup.sh:/kibana-setup.sh:ro") && volumes.contains("./dashboards:/dashboards:ro"), "volumes: " + volumes);
        Map<String, Object> waitsFor = ComposeFile.map(step.get("depends_on"));
        assertEquals("service_completed_successfully", ComposeFile.map(waitsFor.get("setup")).get("condition"), "kibana_system has its password");
        assertEquals("service_started", ComposeFile.map(waitsFor.get("kibana")).get("condition"),
                "the script waits for Kibana's health itself, with its own deadline and message");
        for (String service : compose.services().keySet()) {
            Object deps = compose.service(service).get("depends_on");
            assertFalse(deps instanceof Map<?, ?> m && m.containsKey("kibana-setup"), service + " must not wait for the dashboards");
        }

        String script = Files.readString(ComposeFile.ROOT.resolve("docker/kibana-setup.sh"));
        String kibanaHealth = String.valueOf(((List<?>) ComposeFile.map(compose.service("kibana").get("healthcheck")).get("test")).get(1));
        assertTrue(kibanaHealth.contains("curl -s -I http://localhost:5601 | grep -q 'HTTP/1.1 302 Found'"), "Kibana's healthcheck: " + kibanaHealth);
        assertTrue(script.contains("curl -s -I \"$KIBANA\" | grep -q 'HTTP/1.1 302 Found'"), "the script waits for what Kibana's healthcheck tests");
        Matcher deadline = Pattern.compile("WAIT_SECONDS=\\$\\{KIBANA_WAIT_SECONDS:-(\\d+)}").matcher(script);
        assertTrue(deadline.find() && Integer.parseInt(deadline.group(1)) > 0 && Integer.parseInt(deadline.group(1)) <= 1800, "a deadline for Kibana");
        assertTrue(script.contains("-ge \"$WAIT_SECONDS\""), "the wait loop checks its deadline");
        assertFalse(script.contains("until curl"), "no wait without a deadline");
        int dataView = script.indexOf("import_file \"$DASHBOARDS/audit-events-data-view.ndjson\"");
        assertTrue(dataView > 0 && dataView < script.indexOf("for file in \"$DASHBOARDS\"/*.ndjson"), "the data view is imported first");
    }

    @Test
    void elasticsearchsHealthcheckAllows120RetriesAsElasticsExampleDoes() {
        Map<String, Object> health = ComposeFile.map(compose.service("elasticsearch").get("healthcheck"));
        assertEquals(120, health.get("retries"), "healthcheck retries");
    }

    @Test
    void kibanaKeepsItsDataInAVolumeAndGetsAllThreeEncryptionKeysFromEnv() throws IOException {
        List<?> volumes = (List<?>) compose.service("kibana").get("volumes");
        String data = volumes.stream().map(String::valueOf).filter(v -> v.endsWith(":" + KIBANA_HOME + "/data")).findFirst()
                .orElseThrow(() -> new AssertionError("no volume on " + KIBANA_HOME + "/data: " + volumes));
        assertTrue(ComposeFile.map(compose.root().get("volumes")).containsKey(data.substring(0, data.indexOf(':'))), "named volume " + data);

        Map<String, String> env = compose.environment("kibana");
        Set<String> variables = new HashSet<>();
        for (String key : List.of("XPACK_SECURITY_ENCRYPTIONKEY", "XPACK_ENCRYPTEDSAVEDOBJECTS_ENCRYPTIONKEY", "XPACK_REPORTING_ENCRYPTIONKEY")) {
            String value = env.get(key);
            assertTrue(value != null && VARIABLE_ONLY.matcher(value).matches(), key + " from .env: " + value);
            Matcher variable = VARIABLE.matcher(value);
            assertTrue(variable.find());
            variables.add(variable.group(1));
        }
        assertEquals(3, variables.size(), "three separate keys");
        Map<String, String> example = envExample();
        for (String variable : variables) {
            assertTrue(example.containsKey(variable), variable + " in .env.example");
        }
    }

    @Test
    void theServiceImagePinsTemurin25JreOnUbuntuNoble() throws IOException {
        List<String> from = Files.readAllLines(ComposeFile.ROOT.resolve("app/Dockerfile")).stream().filter(l -> l.startsWith("FROM ")).toList();
        assertEquals("FROM eclipse-temurin:25-jre-noble", from.getLast(), "the runtime image");
    }

    @Test
    void gitKeepsLfLineEndingsOnEveryShellScript() throws Exception {
        String attributes = Files.readString(ComposeFile.ROOT.resolve(".gitattributes"));
        for (String pattern : List.of("*.sh", "bin/*", "mvnw", ".ci/*", "docker/**")) {
            assertTrue(attributes.lines().anyMatch(l -> l.matches(Pattern.quote(pattern) + "\\s+.*\\beol=lf\\b.*")), pattern + " eol=lf in .gitattributes");
        }
        assumeTrue(run("git", "--version") == 0, "needs git to ask which attributes apply to each script");
        List<String> scripts = new ArrayList<>(List.of("mvnw", ".ci/run", "docker/setup.sh", "docker/kibana-setup.sh", "docker/certs.sh"));
        try (var bin = Files.list(ComposeFile.ROOT.resolve("bin"))) {
            bin.forEach(f -> scripts.add("bin/" + f.getFileName()));
        }
        for (String script : scripts) {
            assertEquals("lf", output("git", "check-attr", "eol", "--", script).replaceAll("(?s).*: eol: ", "").trim(), script + " eol");
            assertFalse(Files.readString(ComposeFile.ROOT.resolve(script)).contains("\r"), script + " has CR line endings");
        }
    }

    @Test
    void theReadmeNamesTheKernelSettingAndDockersMemory() throws IOException {
        String readme = Files.readString(ComposeFile.ROOT.resolve("README.md"));
        assertTrue(readme.contains("vm.max_map_count=262144"), "README names vm.max_map_count=262144");
        assertTrue(Pattern.compile("(?s)Docker.{0,200}\\b4 GiB\\b").matcher(readme).find(), "README names Docker's memory (4 GiB)");
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
        for (String name : List.of("certs", "elasticsearch", "kibana", "setup", "kibana-setup")) {
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
    void setupSetsKibanaSystemAndTheServicesRoleAndUser() throws IOException {
        List<?> volumes = (List<?>) compose.service("setup").get("volumes");
        assertTrue(volumes.contains("./docker/setup.sh:/setup.sh:ro"), "setup runs docker/setup.sh: " + volumes);
        String script = Files.readString(ComposeFile.ROOT.resolve("docker/setup.sh"));
        assertTrue(script.contains("/_security/user/kibana_system/_password"), "kibana_system password");
        assertTrue(script.contains("PUT /_security/role/audit_search") && script.contains("PUT \"/_security/user/${AUDIT_ES_USERNAME}\""), "the service's role and user");
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

    /** Whether {@code service} waits, directly or through other services, for {@code other}. */
    private boolean dependsOnTransitively(String service, String other) {
        Object deps = compose.service(service).get("depends_on");
        Set<String> names = deps instanceof Map<?, ?> m ? m.keySet().stream().map(String::valueOf).collect(Collectors.toSet())
                : deps instanceof List<?> l ? l.stream().map(String::valueOf).collect(Collectors.toSet()) : Set.of();
        return names.contains(other) || names.stream().anyMatch(n -> dependsOnTransitively(n, other));
    }

    private static String output(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(ComposeFile.ROOT.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " within 60 s");
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + output);
        return output;
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
