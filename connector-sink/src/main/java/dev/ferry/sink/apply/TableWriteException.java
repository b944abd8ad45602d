package dev.ferry.sink.apply;

import dev.ferry.sink.event.TableId;
import java.sql.SQLException;

/** An SQL failure while writing one target table; keeps the SQLState and names the table. */
public final class TableWriteException extends SQLException {

    private static final long serialVersionUID = 1L;
    private final transient TableId table;

    public TableWriteException(TableId table, SQLException cause) {
        this(table, cause, null);
    }

    /** With the dialect's {@code hint} about what the error means, when it has one. */
    public TableWriteException(TableId table, SQLException cause, String hint) {
        super("table " + table + ": " + cause.getMessage() + (hint == null ? "" : " (" + hint + ")"),
                cause.getSQLState(), cause.getErrorCode(), cause);
        this.table = table;
    }

    public TableId table() {
        return table;
    }
}
