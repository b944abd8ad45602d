package dev.ferry.testsupport;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real schema registry per test class: the Apicurio Registry server built by the
 * {@code test-registry} module, in its own JVM with in-memory storage. Converters reach it through
 * {@link #registryUrl()}; tests read what was registered through its Confluent-compatible API.
 */
public final class SchemaRegistryExtension implements BeforeAllCallback, AfterAllCallback {

    /** System property naming the registry's runner jar (set by the parent POM for failsafe). */
    public static final String JAR_PROPERTY = "ferry.registry.jar";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private int port;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Path jar = Path.of(System.getProperty(JAR_PROPERTY, "missing"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no schema registry at " + jar + " (system property " + JAR_PROPERTY
                    + "); build it with 'mvn -pl test-registry package'");
        }
        port = MariaDbExtension.freePort();
        Path log = Files.createTempFile("schema-registry-", ".log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port, "-jar", jar.toString());
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await("schema registry on port " + port + " (log " + log + ")").atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("schema registry exited with " + process.exitValue() + "; see " + log);
                    }
                    return get("/apis/registry/v2/system/info").has("version");
                });
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            process = null;
        }
    }

    /** The Apicurio API the converters use ({@code apicurio.registry.url}). */
    public String registryUrl() {
        return "http://127.0.0.1:" + port + "/apis/registry/v2";
    }

    /** The Confluent-compatible API, as Confluent's converters would use it ({@code schema.registry.url}). */
    public String confluentUrl() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    /** Subjects registered so far, through the Confluent-compatible API. */
    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        get("/apis/ccompat/v7/subjects").forEach(subject -> subjects.add(subject.asText()));
        return subjects;
    }

    /** Versions of one subject's schema, through the Confluent-compatible API. */
    public List<Integer> versions(String subject) {
        List<Integer> versions = new ArrayList<>();
        get("/apis/ccompat/v7/subjects/" + subject + "/versions").forEach(v -> versions.add(v.asInt()));
        return versions;
    }

    /** A schema by the id the Confluent wire format carries: {@code GET /schemas/ids/ID}. */
    public JsonNode schemaById(int id) {
        return get("/apis/ccompat/v7/schemas/ids/" + id);
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
