package dev.ferry.source.metrics;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counters of a source task, registered as an MBean while the task runs. */
public final class SourceMetrics implements SourceMetricsMBean {

    private static final Logger LOG = LoggerFactory.getLogger(SourceMetrics.class);

    private final AtomicLong ddlRecordsWritten = new AtomicLong();
    private final AtomicLong unsupportedDdl = new AtomicLong();
    private volatile String lastUnsupportedDdl = "";
    private ObjectName name;

    public void register(String connector) {
        try {
            name = new ObjectName("dev.ferry:type=source-task,connector=" + ObjectName.quote(connector));
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(this, name);
        } catch (JMException e) {
            LOG.warn("Cannot register source metrics MBean: {}", e.getMessage());
            name = null;
        }
    }

    public void unregister() {
        if (name != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
            } catch (JMException e) {
                LOG.debug("Source metrics MBean already gone: {}", e.getMessage());
            }
            name = null;
        }
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
