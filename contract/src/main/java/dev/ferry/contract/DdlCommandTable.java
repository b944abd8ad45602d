package dev.ferry.contract;

import dev.ferry.contract.structure.TableStructureReader;

/**
 * The source's DDL capture (ddl.sync): event triggers named after the connector's slot write
 * each DDL command on a table into {@value #NAME}, a table in the connector's publication, so
 * the command reaches the connector in the WAL's order with the rows around it. One row per
 * changed table and command, with the table's columns as they are right after it. The source
 * installs the objects, the {@code ferry cleanup} command drops them, so both compute them here.
 */
public final class DdlCommandTable {

    /** The table's name; it lives in the heartbeat table's schema. */
    public static final String NAME = "ferry_ddl_command";

    public static final String SLOT_NAME = "slot_name";
    public static final String COMMAND_TAG = "command_tag";
    public static final String OBJECT_TYPE = "object_type";
    public static final String OBJECT_IDENTITY = "object_identity";
    public static final String SCHEMA_NAME = "schema_name";
    public static final String TABLE_NAME = "table_name";
    public static final String STATEMENT = "statement";
    public static final String SEARCH_PATH = "search_path";
    /** The table's columns right after the command: a JSON array of {@link TableStructureReader#columnsQuery} rows. */
    public static final String COLUMNS = "columns";
    /** Set when the command ran with session_replication_role=replica (a replication tool's own DDL, say). */
    public static final String REPLICA_SESSION = "replica_session";
    /** Set when the command ran inside a function or procedure rather than straight from the client. */
    public static final String IN_FUNCTION = "in_function";

    private DdlCommandTable() {
    }

    /** The name of the event triggers' function and the prefix of the triggers, per slot. */
    public static String functionName(String slotName) {
        return slotName + "_ddl";
    }

    /** Event trigger names: they start with the slot's name, as {@code ferry cleanup} finds them. */
    public static String commandEndTrigger(String slotName) {
        return slotName + "_ddl_end";
    }

    public static String dropTrigger(String slotName) {
        return slotName + "_ddl_drop";
    }

    /** Creates the table when missing. */
    public static String createTable(String quotedTable) {
        return "CREATE TABLE IF NOT EXISTS " + quotedTable + " (id bigserial PRIMARY KEY, " + SLOT_NAME
                + " text NOT NULL, " + COMMAND_TAG + " text NOT NULL, " + OBJECT_TYPE + " text NOT NULL, "
                + OBJECT_IDENTITY + " text NOT NULL, " + SCHEMA_NAME + " text NOT NULL, " + TABLE_NAME
                + " text NOT NULL, " + STATEMENT + " text, " + SEARCH_PATH + " text, " + COLUMNS + " text, "
                + REPLICA_SESSION + " boolean NOT NULL DEFAULT false, " + IN_FUNCTION
                + " boolean NOT NULL DEFAULT false, created timestamptz NOT NULL DEFAULT clock_timestamp())";
    }

    /**
     * The statements that (re)install the capture for {@code slotName}: the function and its two
     * event triggers. The function runs as its owner (SECURITY DEFINER), so any user's DDL can
     * write the row; it names every object it uses by schema.
     */
    public static String[] installStatements(String quotedSchema, String quotedTable, String slotName) {
        String function = quotedSchema + "." + quote(functionName(slotName));
        String slot = literal(slotName);
        String relation = "CASE d.classid WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN coalesce("
                + "(SELECT x.indrelid FROM pg_catalog.pg_index x WHERE x.indexrelid = d.objid), d.objid) "
                + "WHEN 'pg_catalog.pg_constraint'::pg_catalog.regclass THEN "
                + "(SELECT k.conrelid FROM pg_catalog.pg_constraint k WHERE k.oid = d.objid) END";
        String common = SLOT_NAME + ", " + COMMAND_TAG + ", " + OBJECT_TYPE + ", " + OBJECT_IDENTITY + ", "
                + SCHEMA_NAME + ", " + TABLE_NAME + ", " + STATEMENT + ", " + SEARCH_PATH + ", " + COLUMNS + ", "
                + REPLICA_SESSION + ", " + IN_FUNCTION;
        // The statement text is cut at 10,000 characters: a long script would otherwise travel whole with each record.
        String flags = "pg_catalog.left(pg_catalog.current_query(), 10000), pg_catalog.current_setting('search_path'), %s, "
                + "pg_catalog.current_setting('session_replication_role') = 'replica', "
                + "pg_catalog.pg_trigger_depth() > 0 OR pg_catalog.current_query() !~* ('\\m' || tg_tag || '\\M')";
        // A failure here (the table dropped by hand, say) must not fail the user's DDL: it is reported instead.
        String body = """
                BEGIN
                  IF tg_event = 'sql_drop' THEN
                    INSERT INTO %1$s (%2$s)
                    SELECT %3$s, tg_tag, o.object_type, o.object_identity, o.schema_name, o.object_name, %4$s
                      FROM pg_catalog.pg_event_trigger_dropped_objects() o
                     WHERE o.original AND o.object_type = 'table';
                  ELSE
                    INSERT INTO %1$s (%2$s)
                    SELECT DISTINCT ON (c.oid) %3$s, d.command_tag, d.object_type, d.object_identity, n.nspname, c.relname,
                           %5$s
                      FROM pg_catalog.pg_event_trigger_ddl_commands() d
                      JOIN pg_catalog.pg_class c ON c.oid = (%6$s)
                      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                     WHERE c.relkind IN ('r', 'p') AND c.oid <> %7$s::pg_catalog.regclass
                     ORDER BY c.oid;
                  END IF;
                EXCEPTION WHEN OTHERS THEN
                  RAISE WARNING 'Ferry did not capture this DDL for slot %%: %%', %3$s, SQLERRM;
                END""".formatted(quotedTable, common, slot, flags.formatted("NULL"),
                flags.formatted("(SELECT pg_catalog.json_agg(cols) FROM (" + TableStructureReader.columnsQuery("c.oid")
                        + ") cols)::text"), relation, literal(quotedTable));
        return new String[] {
            "CREATE OR REPLACE FUNCTION " + function + "() RETURNS event_trigger LANGUAGE plpgsql SECURITY DEFINER "
                    + "AS $ferry$ " + body + " $ferry$",
            "DROP EVENT TRIGGER IF EXISTS " + quote(commandEndTrigger(slotName)),
            "CREATE EVENT TRIGGER " + quote(commandEndTrigger(slotName)) + " ON ddl_command_end EXECUTE FUNCTION "
                    + function + "()",
            "DROP EVENT TRIGGER IF EXISTS " + quote(dropTrigger(slotName)),
            "CREATE EVENT TRIGGER " + quote(dropTrigger(slotName)) + " ON sql_drop EXECUTE FUNCTION " + function + "()"};
    }

    /** The statements that remove {@code slotName}'s capture (its rows stay for other connectors' triggers). */
    public static String[] uninstallStatements(String quotedSchema, String slotName) {
        return new String[] {
            "DROP EVENT TRIGGER IF EXISTS " + quote(commandEndTrigger(slotName)),
            "DROP EVENT TRIGGER IF EXISTS " + quote(dropTrigger(slotName)),
            "DROP FUNCTION IF EXISTS " + quotedSchema + "." + quote(functionName(slotName)) + "()"};
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
