package dev.ferry.transforms.record;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/** New records derived from a change record: an envelope turned into a delete or an insert, a tombstone. */
public final class RecordRewrites {

    private RecordRewrites() {
    }

    /** The envelope as a delete of the row {@code before} names; the key is rebuilt from it (a key may have changed). */
    public static <R extends ConnectRecord<R>> R envelopeDelete(R record, Struct envelope, Struct before) {
        Struct value = copy(envelope);
        value.put("op", ChangeRecord.OP_DELETE);
        value.put("before", before);
        value.put("after", null);
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), keyFrom(record, before),
                record.valueSchema(), value, record.timestamp(), record.headers());
    }

    /** The envelope as an insert of {@code after}, with no before-image. */
    public static <R extends ConnectRecord<R>> R envelopeInsert(R record, Struct envelope, Struct after) {
        Struct value = copy(envelope);
        value.put("op", ChangeRecord.OP_CREATE);
        if (envelope.schema().field("before") != null) {
            value.put("before", null);
        }
        value.put("after", after);
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                record.valueSchema(), value, record.timestamp(), record.headers());
    }

    /** A tombstone for the record's key: the delete of a flattened stream. */
    public static <R extends ConnectRecord<R>> R tombstone(R record) {
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(), null, null,
                record.timestamp(), record.headers());
    }

    private static Object keyFrom(ConnectRecord<?> record, Struct image) {
        if (!(record.key() instanceof Struct key) || image == null) {
            return record.key();
        }
        Struct rebuilt = new Struct(key.schema());
        for (Field field : key.schema().fields()) {
            if (image.schema().field(field.name()) == null) {
                return key;
            }
            rebuilt.put(field, image.get(field.name()));
        }
        return rebuilt;
    }

    /** A shallow copy with the same schema, for changing a few fields of a struct that is not ours to change. */
    public static Struct copy(Struct struct) {
        Struct copy = new Struct(struct.schema());
        for (Field field : struct.schema().fields()) {
            copy.put(field, struct.get(field));
        }
        return copy;
    }
}
