package dev.ferry.sink.config;

import dev.ferry.sink.event.ChangeEvent;
import dev.ferry.sink.event.TableId;

/** Applies {@code table.name.format} to an event. */
public final class TableNameFormat {

    private final String format;

    public TableNameFormat(String format) {
        this.format = format;
    }

    public TableId target(ChangeEvent event) {
        String schema = event.source().schema();
        String text = format;
        if (schema == null) {
            text = text.replace("${source.schema}.", "");
        }
        text = text.replace("${source.schema}", schema == null ? "" : schema)
                .replace("${source.table}", event.source().table())
                .replace("${topic}", event.record().topic());
        return TableId.parse(text);
    }
}
