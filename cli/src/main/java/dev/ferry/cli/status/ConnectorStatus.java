package dev.ferry.cli.status;

import java.util.List;

/**
 * One connector as {@code ferry status} saw it. {@code source} is set for a PostgreSQL source
 * whose database was reachable, {@code sink} for a sink whose consumer group was read;
 * {@code detailsError} says why the details are missing when they could not be read.
 */
public record ConnectorStatus(String name, String type, String connectorClass, String state, List<TaskStatus> tasks,
        SourceState source, SinkState sink, String detailsError) {

    public ConnectorStatus withSource(SourceState details) {
        return new ConnectorStatus(name, type, connectorClass, state, tasks, details, sink, detailsError);
    }

    public ConnectorStatus withSink(SinkState details) {
        return new ConnectorStatus(name, type, connectorClass, state, tasks, source, details, detailsError);
    }

    public ConnectorStatus withDetailsError(String error) {
        return new ConnectorStatus(name, type, connectorClass, state, tasks, source, sink, error);
    }

    public ConnectorStatus withTasks(List<TaskStatus> updated) {
        return new ConnectorStatus(name, type, connectorClass, state, updated, source, sink, detailsError);
    }
}
