package dev.ferry.cli.status;

import dev.ferry.cli.FerryException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Reads the tasks' retry windows from the workers' JMX. The Connect REST API cannot show them: a
 * sink task retrying a target outage throws RetriableException, which Connect answers by
 * redelivering the batch, and a source task retrying its database returns nothing or throws
 * RetriableException from poll; both stay RUNNING with no trace until the window closes.
 */
final class WorkerJmx {

    private WorkerJmx() {
    }

    /** Retry windows keyed by connector name, then task id, from every worker's JMX URL. */
    static Map<String, Map<Integer, RetryWindowState>> retryWindows(List<String> urls) {
        Map<String, Map<Integer, RetryWindowState>> windows = new HashMap<>();
        for (String url : urls) {
            try (JMXConnector connector = JMXConnectorFactory.connect(serviceUrl(url))) {
                MBeanServerConnection server = connector.getMBeanServerConnection();
                for (String type : List.of("sink-task", "source-task")) {
                    for (ObjectName name : server.queryNames(new ObjectName("dev.ferry:type=" + type + ",*"), null)) {
                        RetryWindowState window = new RetryWindowState(
                                (Boolean) server.getAttribute(name, "InRetryWindow"),
                                (Long) server.getAttribute(name, "RetryWindowRemainingMillis"),
                                (Long) server.getAttribute(name, "RetryAttempts"));
                        // A source connector runs one task; its MBean has no task key.
                        String task = name.getKeyProperty("task");
                        windows.computeIfAbsent(ObjectName.unquote(name.getKeyProperty("connector")),
                                c -> new HashMap<>()).put(task == null ? 0 : Integer.parseInt(task), window);
                    }
                }
            } catch (IOException | JMException | RuntimeException e) {
                throw new FerryException("cannot read the worker's JMX at " + url + ": " + e.getMessage(), e);
            }
        }
        return windows;
    }

    /** {@code host:port} is the usual RMI registry form; a full {@code service:jmx:} URL is used as given. */
    static JMXServiceURL serviceUrl(String url) throws IOException {
        return new JMXServiceURL(url.startsWith("service:jmx:") ? url : "service:jmx:rmi:///jndi/rmi://" + url + "/jmxrmi");
    }
}
