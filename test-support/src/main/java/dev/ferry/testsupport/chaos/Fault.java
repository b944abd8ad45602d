package dev.ferry.testsupport.chaos;

/** The kinds of trouble a chaos schedule brings to a running pipeline. */
public enum Fault {
    /** SIGKILL of a worker, started again after a while. */
    KILL_WORKER,
    /** SIGSTOP of a worker for longer than the session timeout, then SIGCONT: a zombie wakes up. */
    FREEZE_WORKER,
    /** The source PostgreSQL stops and starts again. */
    RESTART_SOURCE,
    /** The Kafka broker stops and starts again. */
    RESTART_BROKER,
    /** The PostgreSQL target is down for a while. */
    TARGET_OUTAGE,
    /** A connector is paused, then resumed. */
    PAUSE_RESUME,
    /** A sink's configuration changes mid-stream (its task count), which rebalances the cluster. */
    RECONFIGURE,
    /** A new worker joins the cluster and takes over some tasks; it leaves again at the schedule's end. */
    WORKER_JOINS
}
