package dev.ferry.benchmarks;

import dev.ferry.converters.SchemaCachingJsonConverter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.Converter;

/**
 * The converters alone, in this JVM: source and sink task threads spend most of their time
 * converting records (benchmarks/RESULTS.md), and the whole pipeline varies by about 20 % here,
 * too much to see one converter change. Writes, then reads, Debezium envelopes of
 * {@code pgbench_accounts} rows, as Ferry's source writes them, with Kafka's JsonConverter and
 * with Ferry's, in turns.
 *
 * <p>{@code java -cp "benchmarks/target/classes:$(cat benchmarks/target/benchmark.classpath)"
 * dev.ferry.benchmarks.ConverterThroughput [records] [rounds]}
 */
public final class ConverterThroughput {

    private ConverterThroughput() {
    }

    public static void main(String[] args) {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Map<String, String> config = Map.of("decimal.format", "NUMERIC");
        JsonConverter kafka = new JsonConverter();
        kafka.configure(config, false);
        SchemaCachingJsonConverter ferry = new SchemaCachingJsonConverter();
        ferry.configure(config, false);
        Schema envelope = envelopeSchema();
        List<Struct> values = envelopes(envelope, records);
        List<byte[]> written = new ArrayList<>(records);
        // Timing two converters is only worth it when they write the same bytes and read the same values.
        for (Struct value : values) {
            byte[] record = kafka.fromConnectData("t", envelope, value);
            if (!java.util.Arrays.equals(ferry.fromConnectData("t", envelope, value), record)) {
                throw new IllegalStateException("Ferry's converter writes " + value + " differently from Kafka's");
            }
            written.add(record);
        }
        for (byte[] record : written) {
            if (!ferry.toConnectData("t", record).equals(kafka.toConnectData("t", record))) {
                throw new IllegalStateException("Ferry's converter reads " + new String(record,
                        StandardCharsets.UTF_8) + " differently from Kafka's");
            }
        }
        System.out.printf("%d records of %d bytes on average, %d rounds each%n", records,
                written.stream().mapToInt(r -> r.length).sum() / records, rounds);
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, Converter> converter : Map.of("kafka JsonConverter", (Converter) kafka,
                    "ferry SchemaCachingJsonConverter", ferry).entrySet()) {
                long bytes = 0;
                long started = System.nanoTime();
                for (Struct value : values) {
                    bytes += converter.getValue().fromConnectData("t", envelope, value).length;
                }
                double micros = (System.nanoTime() - started) / 1000.0 / records;
                System.out.printf("round %d  write %-34s %6.2f µs/record  (%d bytes)%n", round + 1, converter.getKey(),
                        micros, bytes);
            }
            for (Map.Entry<String, Converter> converter : Map.of("kafka JsonConverter", (Converter) kafka,
                    "ferry SchemaCachingJsonConverter", ferry).entrySet()) {
                long checksum = 0;
                long started = System.nanoTime();
                for (byte[] record : written) {
                    checksum += converter.getValue().toConnectData("t", record).value().hashCode();
                }
                double micros = (System.nanoTime() - started) / 1000.0 / records;
                System.out.printf("round %d  read  %-34s %6.2f µs/record  (checksum %d)%n", round + 1, converter.getKey(),
                        micros, checksum);
            }
        }
    }

    private static Schema envelopeSchema() {
        Schema row = SchemaBuilder.struct().name("bench.public.pgbench_accounts.Value")
                .field("aid", Schema.INT32_SCHEMA).field("bid", Schema.OPTIONAL_INT32_SCHEMA)
                .field("abalance", Schema.OPTIONAL_INT32_SCHEMA).field("filler", Schema.OPTIONAL_STRING_SCHEMA)
                .optional().build();
        Schema source = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
                .field("version", Schema.STRING_SCHEMA).field("connector", Schema.STRING_SCHEMA)
                .field("name", Schema.STRING_SCHEMA).field("ts_ms", Schema.INT64_SCHEMA)
                .field("snapshot", SchemaBuilder.string().optional().name("io.debezium.data.Enum")
                        .parameter("allowed", "true,first,first_in_data_collection,last_in_data_collection,last,false")
                        .defaultValue("false").build())
                .field("db", Schema.STRING_SCHEMA).field("schema", Schema.STRING_SCHEMA)
                .field("table", Schema.STRING_SCHEMA).field("txId", Schema.OPTIONAL_INT64_SCHEMA)
                .field("lsn", Schema.OPTIONAL_INT64_SCHEMA).build();
        return SchemaBuilder.struct().name("bench.public.pgbench_accounts.Envelope")
                .field("before", row).field("after", row).field("source", source)
                .field("op", Schema.STRING_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();
    }

    private static List<Struct> envelopes(Schema envelope, int count) {
        Schema row = envelope.field("after").schema();
        Schema source = envelope.field("source").schema();
        List<Struct> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Struct after = new Struct(row).put("aid", i).put("bid", i % 10).put("abalance", 0)
                    .put("filler", " ".repeat(84));
            Struct block = new Struct(source).put("version", "3.4.0.Final").put("connector", "postgresql")
                    .put("name", "bench").put("ts_ms", 1_700_000_000_000L + i).put("snapshot", "true")
                    .put("db", "postgres").put("schema", "public").put("table", "pgbench_accounts")
                    .put("txId", 1234L).put("lsn", 5678L + i);
            records.add(new Struct(envelope).put("after", after).put("source", block).put("op", "r")
                    .put("ts_ms", 1_700_000_000_100L + i));
        }
        return records;
    }
}
