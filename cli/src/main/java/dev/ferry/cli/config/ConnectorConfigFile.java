package dev.ferry.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.cli.FerryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A connector configuration as users keep it: the JSON body of {@code PUT /connectors/NAME/config}
 * (or of {@code POST /connectors}, with {@code name} and {@code config}). Placeholders such as
 * {@code ${POSTGRES_HOST}} are filled from the environment; Ferry's own templates such as
 * {@code ${source.table}} are left alone.
 */
public final class ConnectorConfigFile {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");

    private ConnectorConfigFile() {
    }

    public static Map<String, String> load(Path file) {
        return load(file, System::getenv);
    }

    public static Map<String, String> load(Path file, Function<String, String> variables) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new FerryException("cannot read connector config " + file + ": " + e.getMessage(), e);
        }
        JsonNode config = root.has("config") && root.get("config").isObject() ? root.get("config") : root;
        Map<String, String> out = new LinkedHashMap<>();
        if (root.has("name") && root.has("config")) {
            out.put("name", root.get("name").asText());
        }
        config.properties().forEach(entry -> out.put(entry.getKey(),
                substitute(entry.getValue().asText(), variables, file, entry.getKey())));
        if (!out.containsKey("connector.class")) {
            throw new FerryException(file + " has no connector.class: is it a connector configuration?");
        }
        return out;
    }

    /** Replaces {@code ${VAR}} with the variable's value; a missing variable is an error naming it. */
    public static String substitute(String value, Function<String, String> variables, Path file, String key) {
        Matcher matcher = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement = variables.apply(matcher.group(1));
            if (replacement == null) {
                throw new FerryException(file + ": " + key + " uses ${" + matcher.group(1)
                        + "}, which is not set in the environment");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** The connector's name: its {@code name} key, else the file name without extension. */
    public static String nameOf(Map<String, String> config, Path file) {
        String name = config.get("name");
        if (name != null) {
            return name;
        }
        String fileName = file.getFileName().toString();
        return fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
    }
}
