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
 * @param renamedFrom for {@code ALTER TABLE … RENAME TO}, the table's name before (the record's
 *     structure has the new one); null otherwise
 */
public record DdlCommand(String commandTag, String objectType, String objectIdentity, String statement,
        TableName renamedFrom) {

    /** A table's schema and name. */
    public record TableName(String schema, String table) {
    }

    public DdlCommand(String commandTag, String objectType, String objectIdentity, String statement) {
        this(commandTag, objectType, objectIdentity, statement, null);
    }

    /** This command with another {@link #renamedFrom} (a transform renames it with the table). */
    public DdlCommand withRenamedFrom(TableName name) {
        return new DdlCommand(commandTag, objectType, objectIdentity, statement, name);
    }

    /** The name of the index a DROP INDEX dropped, or null for other commands. */
    public String droppedIndex() {
        if (!"DROP INDEX".equals(commandTag) || !"index".equals(objectType)) {
            return null;
        }
        // object_identity is schema.index, each part quoted where PostgreSQL would: a quoted schema may hold dots.
        int dot = objectIdentity.indexOf('.', endOfFirstPart(objectIdentity));
        return unquote(objectIdentity.substring(dot + 1));
    }

    /** Where the first part of a qualified name ends (past its closing quote when quoted). */
    private static int endOfFirstPart(String name) {
        if (!name.startsWith("\"")) {
            return 0;
        }
        for (int i = 1; i < name.length(); i++) {
            if (name.charAt(i) == '"') {
                if (i + 1 < name.length() && name.charAt(i + 1) == '"') {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return name.length();
    }

    private static String unquote(String name) {
        return name.startsWith("\"") && name.endsWith("\"") && name.length() > 1
                ? name.substring(1, name.length() - 1).replace("\"\"", "\"") : name;
    }

    /** Whether the command dropped its table. */
    public boolean dropsTable() {
        return "DROP TABLE".equals(commandTag) && "table".equals(objectType);
    }
}
