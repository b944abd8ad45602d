package dev.ferry.contract;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names of Ferry's MBeans, which dashboards and alerts query, and their registration in
 * the worker's platform MBean server (a task restarted in the same worker replaces its old one).
 */
public final class FerryMBeans {

    private static final Logger LOG = LoggerFactory.getLogger(FerryMBeans.class);

    private FerryMBeans() {
    }

    /** {@code dev.ferry:type=sink-task,connector=<name>,task=<id>}. */
    public static String sinkTask(String connector, String task) {
        return "dev.ferry:type=sink-task,connector=" + ObjectName.quote(connector) + ",task=" + task;
    }

    /** {@code dev.ferry:type=source-task,connector=<name>} (a source connector runs one task). */
    public static String sourceTask(String connector) {
        return "dev.ferry:type=source-task,connector=" + ObjectName.quote(connector);
    }

    /** {@code dev.ferry:type=sink-table,connector=<name>,task=<id>,table=<target table>}: one per table a sink task writes. */
    public static String sinkTable(String connector, String task, String table) {
        return "dev.ferry:type=sink-table,connector=" + ObjectName.quote(connector) + ",task=" + task + ",table="
                + ObjectName.quote(table);
    }

    /** {@code dev.ferry:type=source-snapshot-table,connector=<name>,table=<schema.table>}: one per table Ferry's snapshot reads. */
    public static String sourceSnapshotTable(String connector, String table) {
        return "dev.ferry:type=source-snapshot-table,connector=" + ObjectName.quote(connector) + ",table="
                + ObjectName.quote(table);
    }

    /** Registers {@code mbean} under {@code name}; returns the name, or null when it cannot (logged). */
    public static ObjectName register(Object mbean, String name) {
        try {
            ObjectName objectName = new ObjectName(name);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(objectName)) {
                server.unregisterMBean(objectName);
            }
            server.registerMBean(mbean, objectName);
            return objectName;
        } catch (JMException e) {
            LOG.warn("Cannot register MBean {}: {}", name, e.getMessage());
            return null;
        }
    }

    /** Unregisters {@code name} (null: nothing was registered). */
    public static void unregister(ObjectName name) {
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException e) {
            LOG.debug("MBean {} already gone: {}", name, e.getMessage());
        }
    }
}
