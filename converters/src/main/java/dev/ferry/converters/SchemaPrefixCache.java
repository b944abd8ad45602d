package dev.ferry.converters;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;

/**
 * The serialized start of each schema's records, at most {@code capacity} schemas (the least
 * recently used leave first). Looked up by identity first: Debezium builds one schema object per
 * table version and reuses it, and a deep {@link Schema#hashCode()} costs a walk of the whole
 * envelope. An equal schema built anew (by a transform, say) is found by equality.
 */
final class SchemaPrefixCache {

    private final int capacity;
    private final Map<Schema, byte[]> byIdentity = new IdentityHashMap<>();
    private final LinkedHashMap<Schema, byte[]> byEquality;

    SchemaPrefixCache(int capacity) {
        this.capacity = Math.max(1, capacity);
        this.byEquality = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Schema, byte[]> eldest) {
                return size() > SchemaPrefixCache.this.capacity;
            }
        };
    }

    synchronized byte[] get(Schema schema) {
        byte[] prefix = byIdentity.get(schema);
        if (prefix == null) {
            prefix = byEquality.get(schema);
            if (prefix != null) {
                remember(schema, prefix);
            }
        }
        return prefix;
    }

    synchronized void put(Schema schema, byte[] prefix) {
        byEquality.put(schema, prefix);
        remember(schema, prefix);
    }

    private void remember(Schema schema, byte[] prefix) {
        if (byIdentity.size() >= capacity) {
            // Schemas built per record would grow it without end; starting over is cheap.
            byIdentity.clear();
        }
        byIdentity.put(schema, prefix);
    }
}
