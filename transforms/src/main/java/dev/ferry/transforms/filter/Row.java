package dev.ferry.transforms.filter;

import dev.ferry.transforms.record.TableRef;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/** One row image (an envelope's before or after, or a flattened row) as a condition sees it. */
public final class Row {

    private final TableRef table;
    private final Struct image;

    public Row(TableRef table, Struct image) {
        this.table = table;
        this.image = image;
    }

    /**
     * The column's value as a comparable SQL value. A quoted name in the condition must match
     * exactly; an unquoted one also matches ignoring case, as SQL folds unquoted identifiers.
     */
    Object column(String name, boolean quoted) {
        Field field = image.schema().field(name);
        if (field == null && !quoted) {
            for (Field candidate : image.schema().fields()) {
                if (candidate.name().equalsIgnoreCase(name)) {
                    field = candidate;
                    break;
                }
            }
        }
        if (field == null) {
            throw new DataException("table " + table + " has no column '" + name + "' (its columns: "
                    + image.schema().fields().stream().map(Field::name).toList() + ")");
        }
        return SqlValues.fromConnect(field.schema(), image.get(field));
    }
}
