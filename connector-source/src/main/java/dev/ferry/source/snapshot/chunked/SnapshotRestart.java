package dev.ferry.source.snapshot.chunked;

/**
 * The snapshot could not start consistently and has to be prepared again: DDL changed a
 * selected table between the slot's snapshot and the readers' locks. Nothing was delivered; a
 * slot this attempt created is dropped, so the next attempt reads the tables' structure and the
 * rows afresh.
 */
public final class SnapshotRestart extends Exception {

    SnapshotRestart(String message) {
        super(message);
    }
}
