package dev.ferry.benchmarks;

import dev.ferry.contract.structure.StructureRecords;
import dev.ferry.testsupport.SchemaRegistryExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;

/**
 * Tells the rows among Avro records (Confluent's wire format: a 0 byte, the schema's 4-byte id,
 * the Avro body) from Ferry's schema records and the snapshot's truncate events, reading each
 * writer schema once from the registry. The JSON counterpart is a byte search (see {@link Lab}).
 */
final class AvroRows {

    private final SchemaRegistryExtension registry;
    private final Map<Integer, Schema> schemas = new HashMap<>();

    AvroRows(SchemaRegistryExtension registry) {
        this.registry = registry;
    }

    boolean isRow(byte[] value) {
        Schema schema = writerSchema(value);
        if (schema.getFullName().equals(StructureRecords.SCHEMA_NAME)) {
            return false;
        }
        return schema.getField("op") == null || !"t".equals(String.valueOf(decode(value).get("op")));
    }

    /** The record, decoded with the writer schema its id names. */
    GenericRecord decode(byte[] value) {
        Schema schema = writerSchema(value);
        try {
            return new GenericDatumReader<GenericRecord>(schema)
                    .read(null, DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode an Avro record of " + schema.getFullName(), e);
        }
    }

    private Schema writerSchema(byte[] value) {
        ByteBuffer buffer = ByteBuffer.wrap(value);
        if (value.length < 5 || buffer.get() != 0) {
            throw new IllegalStateException("not in Confluent's Avro wire format: " + value.length + " bytes");
        }
        return schemas.computeIfAbsent(buffer.getInt(),
                id -> new Schema.Parser().parse(registry.schemaById(id).get("schema").asText()));
    }
}
