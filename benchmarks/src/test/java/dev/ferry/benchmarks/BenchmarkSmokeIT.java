package dev.ferry.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * CI's run of {@code benchmarks/run --smoke}: every workload on 10k rows with Ferry and the
 * ceilings, and Debezium in the first workload of each kind. The workloads check their own
 * results (every row in the topic, the target equal to the source, every latency probe arrived)
 * and fail otherwise; this test checks that each produced a measurement, and runs an apply in
 * Avro too. It asserts no speed: numbers from a smoke run mean nothing.
 */
class BenchmarkSmokeIT {

    /** The workloads a smoke run measures Debezium in; their variants run Ferry alone. */
    private static final Set<String> FIRST_OF_EACH_KIND = Set.of("snapshot-accounts", "drain-inserts",
            "apply-postgres-inserts", "apply-mariadb-inserts", "latency-500");

    @Test
    void everyWorkloadRunsForBothContendersAndTheCeiling() throws Exception {
        Path output = Path.of("target", "smoke-results.json");
        Files.deleteIfExists(output);
        BenchmarkCommand command = new BenchmarkCommand();
        int exit = new CommandLine(command).execute("--smoke", "--heap", "512m", "--output", output.toString());

        assertThat(exit).isZero();
        List<Measurement> measured = command.report().measurements();
        for (String workload : BenchmarkCommand.ALL_WORKLOADS) {
            Set<String> contenders = measured.stream().filter(m -> m.workload().equals(workload))
                    .map(Measurement::contender).collect(Collectors.toSet());
            boolean firstOfItsKind = FIRST_OF_EACH_KIND.contains(workload);
            assertThat(contenders).as(workload).contains(Measurement.FERRY);
            assertThat(contenders.contains(Measurement.DEBEZIUM)).as(workload + " runs Debezium").isEqualTo(firstOfItsKind);
            if (!workload.startsWith("latency")) {
                assertThat(contenders).as(workload + " has its database ceiling").hasSize(firstOfItsKind ? 3 : 2);
            }
        }
        assertThat(measured).filteredOn(m -> !m.workload().startsWith("latency"))
                .allSatisfy(m -> assertThat(m.rows()).as(m.workload() + " " + m.contender()).isBetween(10_000L, 10_001L));
        assertThat(measured).filteredOn(m -> m.workload().startsWith("latency"))
                .allSatisfy(m -> assertThat(m.extra()).containsKeys("p50_ms", "p99_ms"));

        JsonNode json = new ObjectMapper().readTree(output.toFile());
        assertThat(json.path("measurements")).hasSize(measured.size());
        assertThat(json.path("commit").asText()).isNotEmpty();
    }

    /**
     * An apply again, both contenders reading Avro from the run's schema registry: the harness's
     * Avro records and both sinks' converter settings. The snapshot, drain and latency workloads
     * write with the same converter settings on the source side, which CI leaves to the full run
     * to keep CI within its budget (Ferry's source in Avro is tested end to end by the command
     * line's AvroPipelineIT).
     */
    @Test
    void anApplyRunsInAvroForBothContenders() throws Exception {
        Path output = Path.of("target", "smoke-results-avro.json");
        List<String> workloads = List.of("apply-postgres-inserts");
        BenchmarkCommand command = new BenchmarkCommand();
        int exit = new CommandLine(command).execute("--smoke", "--heap", "512m", "--formats", "avro",
                "--workloads", String.join(",", workloads), "--output", output.toString());

        assertThat(exit).isZero();
        List<Measurement> measured = command.report().measurements();
        for (String workload : workloads) {
            assertThat(measured).filteredOn(m -> m.workload().equals(workload + " (avro)")).as(workload)
                    .extracting(Measurement::contender).contains(Measurement.FERRY, Measurement.DEBEZIUM);
        }
        assertThat(measured).filteredOn(m -> !m.workload().startsWith("latency"))
                .allSatisfy(m -> assertThat(m.rows()).as(m.workload() + " " + m.contender()).isBetween(10_000L, 10_001L));
        assertThat(new ObjectMapper().readTree(output.toFile()).path("formats").asText()).isEqualTo("avro");
    }
}
