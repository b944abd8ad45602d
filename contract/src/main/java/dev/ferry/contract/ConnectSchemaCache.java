package dev.ferry.contract;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;

/**
 * What a converter keeps per Connect schema (Ferry's JSON converter: the bytes each schema's
 * records start with; its Avro converter: the schema's body writer and id prefixes), at most
 * {@code capacity} schemas, the least recently used leaving
 * first. Looked up by identity first: Debezium builds one schema object per table version and
 * reuses it, and a deep {@link Schema#hashCode()} costs a walk of the whole envelope. An equal
 * schema built anew (by a transform, say) is found by equality.
 *
 * @param <V> what is kept per schema
 */
public final class ConnectSchemaCache<V> {

    private final int capacity;
    private final Map<Schema, V> byIdentity = new IdentityHashMap<>();
    private final LinkedHashMap<Schema, V> byEquality;

    public ConnectSchemaCache(int capacity) {
        this.capacity = Math.max(1, capacity);
        this.byEquality = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Schema, V> eldest) {
                return size() > ConnectSchemaCache.this.capacity;
            }
        };
    }

    public synchronized V get(Schema schema) {
        V kept = byIdentity.get(schema);
        if (kept == null) {
            kept = byEquality.get(schema);
            if (kept != null) {
                remember(schema, kept);
            }
        }
        return kept;
    }

    public synchronized void put(Schema schema, V kept) {
        byEquality.put(schema, kept);
        remember(schema, kept);
    }

    private void remember(Schema schema, V kept) {
        if (byIdentity.size() >= capacity) {
            // Schemas built per record would grow it without end; starting over is cheap.
            byIdentity.clear();
        }
        byIdentity.put(schema, kept);
    }
}
