package dev.ferry.contract.alert;

import org.slf4j.Logger;

/**
 * One alert of a task, set by a connector key: a value above the threshold logs a WARN once and
 * shows in the task's {@code Alert}/{@code Alerting} JMX attributes, so any monitoring stack can
 * page on it; back under the threshold it logs INFO and clears. Fed where the value is measured
 * (after a heartbeat, at a put), never per record. A threshold of 0 or less turns it off.
 */
public final class ThresholdAlert {

    private final String key;
    private final long threshold;
    private final String unit;
    private final Logger log;
    private volatile String active = "";

    public ThresholdAlert(String key, long threshold, String unit, Logger log) {
        this.key = key;
        this.threshold = threshold;
        this.unit = unit;
        this.log = log;
    }

    /** {@code value} of {@code what} as measured now; a negative value (not known yet) changes nothing. */
    public void observe(String what, long value) {
        if (threshold <= 0 || value < 0) {
            return;
        }
        if (value > threshold) {
            boolean crossed = active.isEmpty();
            active = what + " is " + value + " " + unit + ", above " + key + "=" + threshold;
            if (crossed) {
                log.warn("Alert: {}", active);
            }
        } else if (!active.isEmpty()) {
            active = "";
            log.info("Alert cleared: {} is {} {}, within {}={}", what, value, unit, key, threshold);
        }
    }

    /** What is above its threshold; empty when nothing is. */
    public String active() {
        return active;
    }

    public boolean alerting() {
        return !active.isEmpty();
    }
}
