package dev.ferry.contract.structure;

/**
 * The DDL command that changed a table, as the source's event trigger saw it: a schema record
 * that carries one is a <em>DDL record</em>, written in the stream's order with the table's rows,
 * and its structure is the table's right after the command.
 *
 * @param commandTag the command's tag: {@code ALTER TABLE}, {@code CREATE INDEX}, {@code DROP TABLE}, …
 * @param objectType what the command changed: {@code table}, {@code table column}, {@code index}, …
 * @param objectIdentity the changed object's name as PostgreSQL prints it ({@code public.items.price})
 * @param statement the statement text the client sent (it may hold several statements), for the log
 */
public record DdlCommand(String commandTag, String objectType, String objectIdentity, String statement) {

    /** Whether the command dropped its table. */
    public boolean dropsTable() {
        return "DROP TABLE".equals(commandTag) && "table".equals(objectType);
    }
}
