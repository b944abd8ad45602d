package dev.ferry.transforms.rename;

import dev.ferry.transforms.record.TableRef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.connect.data.Schema;

/**
 * Renamed schemas by (source schema instance, table). Converters and Debezium hand out one schema
 * instance per table version, so identity is the cheap and exact key; the map is bounded so a
 * producer that builds a new schema per record cannot grow it without limit.
 */
final class SchemaCache {

    private static final int MAX_ENTRIES = 1024;

    private final Map<Key, Schema> entries = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Schema> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    Schema get(Schema schema, TableRef table, Supplier<Schema> build) {
        Key key = new Key(schema, table);
        Schema cached = entries.get(key);
        if (cached == null) {
            cached = build.get();
            entries.put(key, cached);
        }
        return cached;
    }

    private record Key(Schema schema, TableRef table) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.schema == schema && key.table.equals(table);
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(schema) + table.hashCode();
        }
    }
}
