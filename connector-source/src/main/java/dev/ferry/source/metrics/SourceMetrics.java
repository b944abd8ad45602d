package dev.ferry.source.metrics;

import dev.ferry.contract.FerryMBeans;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ObjectName;

/** Counters of a source task, registered as an MBean while the task runs. */
public final class SourceMetrics implements SourceMetricsMBean {

    private final AtomicLong ddlRecordsWritten = new AtomicLong();
    private final AtomicLong unsupportedDdl = new AtomicLong();
    private volatile String lastUnsupportedDdl = "";
    private ObjectName name;

    public void register(String connector) {
        name = FerryMBeans.register(this, FerryMBeans.sourceTask(connector));
    }

    public void unregister() {
        FerryMBeans.unregister(name);
        name = null;
    }

    public void ddlRecordWritten() {
        ddlRecordsWritten.incrementAndGet();
    }

    public void unsupportedDdl(String message) {
        unsupportedDdl.incrementAndGet();
        lastUnsupportedDdl = message;
    }

    @Override
    public long getDdlRecordsWritten() {
        return ddlRecordsWritten.get();
    }

    @Override
    public long getUnsupportedDdl() {
        return unsupportedDdl.get();
    }

    @Override
    public String getLastUnsupportedDdl() {
        return lastUnsupportedDdl;
    }
}
