package dev.ferry.source.keychange;

import static dev.ferry.source.keychange.KeyChangeRecords.change;
import static dev.ferry.source.keychange.KeyChangeRecords.departure;
import static dev.ferry.source.keychange.KeyChangeRecords.tombstone;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.contract.DebeziumDefaults;
import java.util.List;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class KeyChangeOffsetsTest {

    private final KeyChangeOffsets offsets = new KeyChangeOffsets();

    @Test
    void theDeleteHalfOfAKeyChangeAndItsTombstoneCarryTheOffsetOfTheChangeBefore() {
        List<SourceRecord> out = offsets.apply(List.of(change(1, 5), departure(2, 7), tombstone(2, 7), change(1002, 7),
                change(3, 9)));

        assertThat(out).extracting(r -> (Object) r.sourceOffset().get("lsn")).containsExactly((Object) 5L, 5L, 5L, 7L, 9L);
        assertThat(out.get(1).headers().lastWithName(DebeziumDefaults.NEW_KEY_HEADER)).isNotNull();
        assertThat(out.get(2).value()).isNull();
    }

    @Test
    void aKeyChangeSplitAcrossBatchesKeepsThePositionBeforeItUntilItsCreate() {
        offsets.apply(List.of(change(1, 5)));
        List<SourceRecord> first = offsets.apply(List.of(departure(2, 7)));
        List<SourceRecord> second = offsets.apply(List.of(tombstone(2, 7), change(1002, 7)));

        assertThat(first.get(0).sourceOffset().get("lsn")).isEqualTo(5L);
        assertThat(second).extracting(r -> (Object) r.sourceOffset().get("lsn")).containsExactly((Object) 5L, 7L);
    }

    @Test
    void anOrdinaryDeleteAndItsTombstoneKeepTheirOwnOffset() {
        List<SourceRecord> batch = List.of(change(1, 5), change(2, 7), tombstone(2, 7));

        assertThat(offsets.apply(batch)).isSameAs(batch);
    }

    @Test
    void aKeyChangeBeforeAnyOtherChangeKeepsItsOwnOffset() {
        List<SourceRecord> batch = List.of(departure(2, 7), tombstone(2, 7), change(1002, 7));

        assertThat(offsets.apply(batch)).isSameAs(batch);
    }
}
