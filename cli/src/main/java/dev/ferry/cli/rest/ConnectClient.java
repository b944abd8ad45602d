package dev.ferry.cli.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.cli.FerryException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The few Kafka Connect REST calls the tools make. */
public final class ConnectClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ConnectClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
    }

    public String baseUrl() {
        return baseUrl;
    }

    public boolean isReady() {
        try {
            return send("GET", "", null).statusCode() == 200;
        } catch (FerryException e) {
            return false;
        }
    }

    public JsonNode putConnectorConfig(String name, Map<String, String> config) {
        return expect(send("PUT", "connectors/" + name + "/config", config), "create connector " + name);
    }

    /** {@code PUT /connector-plugins/CLASS/config/validate}. */
    public JsonNode validate(Map<String, String> config) {
        String connectorClass = config.get("connector.class");
        String plugin = connectorClass.substring(connectorClass.lastIndexOf('.') + 1);
        return expect(send("PUT", "connector-plugins/" + plugin + "/config/validate", config),
                "validate " + connectorClass);
    }

    /** Connectors with their status and config: {@code GET /connectors?expand=status&expand=info}. */
    public JsonNode connectors() {
        return expect(send("GET", "connectors?expand=status&expand=info", null), "list connectors");
    }

    /** Every installed plugin, transforms and converters included: {@code GET /connector-plugins?connectorsOnly=false}. */
    public JsonNode plugins() {
        return expect(send("GET", "connector-plugins?connectorsOnly=false", null), "list plugins");
    }

    public JsonNode offsets(String name) {
        return expect(send("GET", "connectors/" + name + "/offsets", null), "offsets of " + name);
    }

    public void deleteConnector(String name) {
        send("DELETE", "connectors/" + name, null);
    }

    private JsonNode expect(HttpResponse<String> response, String what) {
        JsonNode body;
        try {
            body = response.body() == null || response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new FerryException("cannot " + what + ": the worker answered " + response.statusCode()
                    + " with no JSON", e);
        }
        if (response.statusCode() >= 300) {
            throw new FerryException("cannot " + what + ": " + response.statusCode() + " " + body.path("message").asText(""));
        }
        return body;
    }

    private HttpResponse<String> send(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json");
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new FerryException("no Kafka Connect worker answers at " + baseUrl + " (" + e.getClass().getSimpleName()
                    + "); start one with 'ferry up' or pass --connect-url", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FerryException("interrupted", e);
        }
    }
}
