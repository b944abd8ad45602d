package dev.ferry.contract.alert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ThresholdAlertTest {

    private final ThresholdAlert alert = new ThresholdAlert("alert.latency.ms", 1000, "ms",
            LoggerFactory.getLogger(ThresholdAlertTest.class));

    @Test
    void aValueAboveTheThresholdAlertsNamingTheKeyAndClearsWhenBackUnder() {
        alert.observe("latency", 400);
        assertThat(alert.alerting()).isFalse();
        alert.observe("latency", 1500);
        assertThat(alert.active()).isEqualTo("latency is 1500 ms, above alert.latency.ms=1000");
        alert.observe("latency", 2500);
        assertThat(alert.active()).contains("2500 ms");
        alert.observe("latency", 1000);
        assertThat(alert.alerting()).isFalse();
        assertThat(alert.active()).isEmpty();
    }

    @Test
    void unknownValuesAndAThresholdOfZeroChangeNothing() {
        alert.observe("latency", -1);
        assertThat(alert.alerting()).isFalse();
        ThresholdAlert off = new ThresholdAlert("alert.latency.ms", 0, "ms", LoggerFactory.getLogger(getClass()));
        off.observe("latency", Long.MAX_VALUE);
        assertThat(off.alerting()).isFalse();
    }
}
