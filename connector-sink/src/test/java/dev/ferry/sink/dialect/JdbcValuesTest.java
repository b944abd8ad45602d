package dev.ferry.sink.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

class JdbcValuesTest {

    private static final Schema ZONED = SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").build();
    private static final Schema MICROS = SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").build();
    private static final Schema DATE = SchemaBuilder.int32().name("io.debezium.time.Date").build();

    @Test
    void debeziumsInfinitySentinelsBecomeInfinityAndFiniteValuesStayValues() {
        assertThat(JdbcValues.normalize("infinity", ZONED)).isEqualTo(InfiniteTemporal.POSITIVE);
        assertThat(JdbcValues.normalize("-infinity", ZONED)).isEqualTo(InfiniteTemporal.NEGATIVE);
        assertThat(JdbcValues.normalize(9223372036825200000L, MICROS))
                .isEqualTo(InfiniteTemporal.POSITIVE);
        assertThat(JdbcValues.normalize(-9223372036832400000L, MICROS))
                .isEqualTo(InfiniteTemporal.NEGATIVE);
        // the stream's and the snapshot's date sentinels
        for (int days : new int[] {-2147472692, -622191234}) {
            assertThat(JdbcValues.normalize(days, DATE)).isEqualTo(InfiniteTemporal.POSITIVE);
        }
        for (int days : new int[] {-2147472691, -625821272}) {
            assertThat(JdbcValues.normalize(days, DATE)).isEqualTo(InfiniteTemporal.NEGATIVE);
        }
        assertThat(JdbcValues.normalize(19844, DATE)).isEqualTo(LocalDate.of(2024, 5, 1));
        assertThat(JdbcValues.normalize("2024-05-01T08:00:00.5Z", ZONED))
                .isEqualTo(OffsetDateTime.parse("2024-05-01T08:00:00.5Z"));
    }
}
