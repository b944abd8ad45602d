package dev.ferry.sink.event;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * A row image's columns as a read-only map from column name to value, in column order, read from
 * the image's Struct as {@link Struct#get(Field)} reads it. The parser hands it on for the common
 * upsert (no unchanged-TOAST placeholder to replace, no unchanged columns named in headers) instead
 * of copying every value into a map of its own: that copy was a tenth of an Avro sink task's
 * thread (benchmarks/RESULTS.md, "Avro records read without Avro objects").
 */
final class ImageRow extends AbstractMap<String, Object> {

    private final Struct image;
    private final List<Field> columns;
    /** Whether every field of the image is a column (no Debezium metadata field left out). */
    private final boolean everyField;

    /** @param columns fields of {@code image}'s schema, in order */
    ImageRow(Struct image, List<Field> columns) {
        this.image = image;
        this.columns = columns;
        this.everyField = columns.size() == image.schema().fields().size();
    }

    @Override
    public Object get(Object key) {
        Field field = column(key);
        return field == null ? null : image.get(field);
    }

    @Override
    public boolean containsKey(Object key) {
        return column(key) != null;
    }

    @Override
    public int size() {
        return columns.size();
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < columns.size();
                    }

                    @Override
                    public Map.Entry<String, Object> next() {
                        if (next >= columns.size()) {
                            throw new NoSuchElementException();
                        }
                        Field field = columns.get(next++);
                        return new SimpleImmutableEntry<>(field.name(), image.get(field));
                    }
                };
            }

            @Override
            public int size() {
                return columns.size();
            }
        };
    }

    private Field column(Object key) {
        if (!(key instanceof String name)) {
            return null;
        }
        Field field = image.schema().field(name);
        return field != null && (everyField || columns.contains(field)) ? field : null;
    }
}
