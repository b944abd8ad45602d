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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Drives a Kafka Connect worker through its REST API, exactly as a user with {@code curl} would.
 */
public final class ConnectRestClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param baseUrl the worker's REST root, for example {@code http://localhost:8083/} */
    public ConnectRestClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** {@code PUT /connectors/<name>/config}: creates or reconfigures a connector. */
    public JsonNode putConnectorConfig(String name, Map<String, String> config) {
        Response response = send("PUT", "connectors/" + name + "/config", config);
        response.expectSuccess("PUT config of connector " + name);
        return response.body();
    }

    /** {@code PUT /connector-plugins/<class>/config/validate}. */
    public JsonNode validate(String connectorClass, Map<String, String> config) {
        Response response = send("PUT", "connector-plugins/" + connectorClass + "/config/validate", config);
        response.expectSuccess("validate " + connectorClass);
        return response.body();
    }

    /** The error messages that {@link #validate} reported for one config key. */
    public static List<String> validationErrors(JsonNode validation, String key) {
        List<String> errors = new ArrayList<>();
        for (JsonNode config : validation.path("configs")) {
            if (key.equals(config.path("value").path("name").asText())) {
                config.path("value").path("errors").forEach(e -> errors.add(e.asText()));
            }
        }
        return errors;
    }

    /** Every config key that {@link #validate} reported errors for, with its errors. */
    public static Map<String, List<String>> allValidationErrors(JsonNode validation) {
        Map<String, List<String>> errors = new java.util.TreeMap<>();
        for (JsonNode config : validation.path("configs")) {
            JsonNode value = config.path("value");
            if (!value.path("errors").isEmpty()) {
                List<String> messages = new ArrayList<>();
                value.path("errors").forEach(e -> messages.add(e.asText()));
                errors.put(value.path("name").asText(), messages);
            }
        }
        return errors;
    }

    /** The value that {@link #validate} reported for one config key. */
    public static String validationValue(JsonNode validation, String key) {
        for (JsonNode config : validation.path("configs")) {
            if (key.equals(config.path("value").path("name").asText())) {
                return config.path("value").path("value").asText(null);
            }
        }
        return null;
    }

    public JsonNode status(String name) {
        Response response = send("GET", "connectors/" + name + "/status", null);
        response.expectSuccess("status of connector " + name);
        return response.body();
    }

    /** {@code PUT /connectors/<name>/stop}: stops the connector and its tasks, keeping offsets. */
    public void stopConnector(String name) {
        send("PUT", "connectors/" + name + "/stop", null).expectSuccess("stop connector " + name);
    }

    /** {@code POST /connectors/<name>/tasks/0/restart}: stops task 0 and starts it again. */
    public void restartTask(String name) {
        send("POST", "connectors/" + name + "/tasks/0/restart", null).expectSuccess("restart task 0 of " + name);
    }

    /** {@code PUT /connectors/<name>/pause}: suspends the tasks, keeping them assigned. */
    public void pauseConnector(String name) {
        send("PUT", "connectors/" + name + "/pause", null).expectSuccess("pause connector " + name);
    }

    /** {@code PUT /connectors/<name>/resume}. */
    public void resumeConnector(String name) {
        send("PUT", "connectors/" + name + "/resume", null).expectSuccess("resume connector " + name);
    }

    /** {@code GET /connectors/<name>/offsets}: the committed source offsets or consumer positions. */
    public JsonNode offsets(String name) {
        Response response = send("GET", "connectors/" + name + "/offsets", null);
        response.expectSuccess("offsets of connector " + name);
        return response.body();
    }

    /**
     * Waits until a Ferry source's committed offsets say its snapshot is complete: none still has
     * the snapshot flag without the last snapshot record's (the rule cli's SourceInspector reads
     * for {@code ferry status}; Debezium's offset convention).
     */
    public void awaitSnapshotCompleteInOffsets(String name, Duration timeout) {
        await("the snapshot's completion in the stored offsets of " + name).atMost(timeout)
                .pollInterval(Duration.ofSeconds(1)).until(() -> offsets(name).path("offsets"), offsets -> {
                    if (offsets.isEmpty()) {
                        return false;
                    }
                    for (JsonNode entry : offsets) {
                        JsonNode offset = entry.path("offset");
                        if (offset.path("snapshot").asBoolean(false) && !offset.path("last_snapshot_record").asBoolean(false)) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    /**
     * {@code DELETE /connectors/<name>/offsets} of a stopped connector: a sink then reads its
     * topics from the start again, replaying everything.
     */
    public void resetOffsets(String name) {
        send("DELETE", "connectors/" + name + "/offsets", null).expectSuccess("reset offsets of " + name);
    }

    public void deleteConnector(String name) {
        send("DELETE", "connectors/" + name, null).expectSuccess("delete connector " + name);
    }

    public List<String> connectorPlugins() {
        Response response = send("GET", "connector-plugins?connectorsOnly=false", null);
        response.expectSuccess("list connector plugins");
        List<String> classes = new ArrayList<>();
        response.body().forEach(p -> classes.add(p.path("class").asText()));
        return classes;
    }

    /** True when the worker answers its REST root. */
    public boolean isReady() {
        try {
            return send("GET", "", null).status() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** Waits until the connector and all of its {@code tasks} tasks are RUNNING; fails fast on FAILED. */
    public void awaitRunning(String name, int tasks, Duration timeout) {
        await("connector " + name + " running").atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
            Response response = send("GET", "connectors/" + name + "/status", null);
            if (response.status() != 200) {
                return false;
            }
            JsonNode status = response.body();
            failOnFailedTask(name, status);
            if (!"RUNNING".equals(status.path("connector").path("state").asText())) {
                return false;
            }
            int running = 0;
            for (JsonNode task : status.path("tasks")) {
                if ("RUNNING".equals(task.path("state").asText())) {
                    running++;
                }
            }
            return running == tasks;
        });
    }

    /** The state of task 0, or null when the worker does not report one yet. */
    public String taskState(String name) {
        Response response = send("GET", "connectors/" + name + "/status", null);
        if (response.status() != 200 || response.body().path("tasks").isEmpty()) {
            return null;
        }
        return response.body().path("tasks").get(0).path("state").asText();
    }

    /** The failure trace of task 0, or an empty string. */
    public String taskTrace(String name) {
        JsonNode tasks = status(name).path("tasks");
        return tasks.isEmpty() ? "" : tasks.get(0).path("trace").asText("");
    }

    private static void failOnFailedTask(String name, JsonNode status) {
        if ("FAILED".equals(status.path("connector").path("state").asText())) {
            throw new AssertionError("connector " + name + " FAILED: " + status.path("connector").path("trace").asText());
        }
        for (JsonNode task : status.path("tasks")) {
            if ("FAILED".equals(task.path("state").asText())) {
                throw new AssertionError("task " + name + "-" + task.path("id").asText() + " FAILED: " + task.path("trace").asText());
            }
        }
    }

    private Response send(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(120))
                    .header("Accept", "application/json");
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + baseUrl + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private record Response(int status, String text) {
        JsonNode body() {
            try {
                return text == null || text.isEmpty() ? JSON.nullNode() : JSON.readTree(text);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + text, e);
            }
        }

        void expectSuccess(String what) {
            if (status / 100 != 2) {
                throw new AssertionError(what + " answered HTTP " + status + ": " + text);
            }
        }
    }
}
