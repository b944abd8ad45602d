package dev.ferry.source.snapshot.chunked;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.data.Envelope;
import java.time.Instant;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class ReadEnvelopesTest {

    private static final Schema ROW = SchemaBuilder.struct().name("db.public.t.Value")
            .field("id", Schema.INT32_SCHEMA).field("note", Schema.OPTIONAL_STRING_SCHEMA).optional().build();
    private static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("db", Schema.STRING_SCHEMA).field("lsn", Schema.OPTIONAL_INT64_SCHEMA).build();
    private static final Envelope ENVELOPE = Envelope.defineSchema().withName("db.public.t.Envelope")
            .withRecord(ROW).withSource(SOURCE).build();

    @Test
    void buildsWhatDebeziumsReadBuildsAndItIsValid() {
        Struct source = new Struct(SOURCE).put("db", "db").put("lsn", 42L);
        Struct row = new Struct(ROW).put("id", 1).put("note", "ä \"quoted\"");
        Instant at = Instant.parse("2026-12-06T16:01:02.123456789Z");

        Struct built = new ReadEnvelopes(ENVELOPE, source).read(row, at);

        assertThat(built).isEqualTo(ENVELOPE.read(row, source, at));
        assertThat(built.getInt64("ts_us")).isEqualTo(1_796_572_862_123_456L);
        assertThat(built.getInt64("ts_ns")).isEqualTo(1_796_572_862_123_456_789L);
        built.validate();
    }

    @Test
    void eachRowGetsAnEnvelopeOfItsOwn() {
        Struct source = new Struct(SOURCE).put("db", "db");
        ReadEnvelopes envelopes = new ReadEnvelopes(ENVELOPE, source);
        Instant at = Instant.parse("2026-12-06T16:01:02Z");

        Struct first = envelopes.read(new Struct(ROW).put("id", 1), at);
        Struct second = envelopes.read(new Struct(ROW).put("id", 2), at.plusMillis(5));

        assertThat(first.getStruct("after").getInt32("id")).isEqualTo(1);
        assertThat(first.getInt64("ts_ms")).isEqualTo(at.toEpochMilli());
        assertThat(second.getStruct("after").getInt32("id")).isEqualTo(2);
        assertThat(second.getStruct("source")).isSameAs(source);
    }
}
