package dev.ferry.cli.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DataSizeTest {

    @Test
    void readsSizesAsPostgresqlSettingsWriteThem() {
        assertThat(DataSize.parse("1048576")).isEqualTo(1048576);
        assertThat(DataSize.parse("200kB")).isEqualTo(200 * 1024);
        assertThat(DataSize.parse("512MB")).isEqualTo(512L * 1024 * 1024);
        assertThat(DataSize.parse("512mb")).isEqualTo(512L * 1024 * 1024);
        assertThat(DataSize.parse("10 GB")).isEqualTo(10L * 1024 * 1024 * 1024);
        assertThat(DataSize.parse("1.5GiB")).isEqualTo(1536L * 1024 * 1024);
        assertThat(DataSize.parse("2T")).isEqualTo(2L << 40);
        assertThat(DataSize.parse("64B")).isEqualTo(64);
    }

    @Test
    void rejectsWhatIsNoSize() {
        assertThatThrownBy(() -> DataSize.parse("lots")).hasMessage("use a size such as 512MB, 1GB or 200kB, not lots");
        assertThatThrownBy(() -> DataSize.parse("5PB")).hasMessageContaining("not 5PB");
        assertThatThrownBy(() -> DataSize.parse("-1MB")).hasMessageContaining("not -1MB");
    }

    @Test
    void printsInTheLargestFittingUnit() {
        assertThat(DataSize.format(512)).isEqualTo("512 B");
        assertThat(DataSize.format(1536)).isEqualTo("1.5 kB");
        assertThat(DataSize.format(3L * 1024 * 1024)).isEqualTo("3.0 MB");
        assertThat(DataSize.format(5L * 1024 * 1024 * 1024)).isEqualTo("5.0 GB");
    }
}
