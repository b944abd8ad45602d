package dev.ferry.contract;

import dev.ferry.contract.structure.TableStructureReader;
import java.util.StringJoiner;

/**
 * The source's DDL capture (ddl.sync): event triggers named after the connector's slot write
 * each DDL command on a table into {@value #NAME}, a table in the connector's publication, so
 * the command reaches the connector in the WAL's order with the rows around it. One row per
 * changed table and command, with the table's structure as it is right after it. The source
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
    /** The changed table; for a dropped index (DROP INDEX), the index: its table is gone from the catalog. */
    public static final String TABLE_NAME = "table_name";
    public static final String STATEMENT = "statement";
    public static final String SEARCH_PATH = "search_path";
    /**
     * The table's structure right after the command: a JSON object of the rows of
     * {@link TableStructureReader#capturedQueries} (columns, indexes, checks, foreign keys) by name.
     */
    public static final String STRUCTURE = "structure";
    /** Set when the command ran with session_replication_role=replica (a replication tool's own DDL, say). */
    public static final String REPLICA_SESSION = "replica_session";
    /**
     * Set when the command ran inside a function or procedure rather than straight from the
     * client: the client's statement lacks the command tag's words in their order (a DO block,
     * which holds them, counts as the client's).
     */
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
                + " text NOT NULL, " + STATEMENT + " text, " + SEARCH_PATH + " text, " + STRUCTURE + " text, "
                + REPLICA_SESSION + " boolean NOT NULL DEFAULT false, " + IN_FUNCTION
                + " boolean NOT NULL DEFAULT false, created timestamptz NOT NULL DEFAULT clock_timestamp())";
    }

    /**
     * The statements that (re)install the capture for {@code slotName}: the function and its two
     * event triggers. The function runs as its owner (SECURITY DEFINER), so any user's DDL can
     * write the row; it names every object it uses by schema, and a failure in it never fails the
     * user's DDL (it is reported as a WARNING instead). A table created in the selection
     * ({@code selected}: an SQL condition on {@code n.nspname} and {@code c.relname}) joins
     * {@code publicationName} in the same transaction, so its first rows are published, and gets
     * REPLICA IDENTITY FULL when {@code replicaIdentityFull} (a table without a key could not be
     * updated once published otherwise). A session setting keeps the function from capturing its
     * own DDL.
     */
    public static String[] installStatements(String quotedSchema, String quotedTable, String slotName,
            String publicationName, String selected, boolean replicaIdentityFull) {
        String function = quotedSchema + "." + quote(functionName(slotName));
        String columns = String.join(", ", SLOT_NAME, COMMAND_TAG, OBJECT_TYPE, OBJECT_IDENTITY, SCHEMA_NAME,
                TABLE_NAME, STATEMENT, SEARCH_PATH, STRUCTURE, REPLICA_SESSION, IN_FUNCTION);
        // The statement is cut at 10,000 characters: a long script would otherwise travel whole with each record.
        String context = """
                pg_catalog.left(pg_catalog.current_query(), 10000), pg_catalog.current_setting('search_path')""";
        String flags = """
                pg_catalog.current_setting('session_replication_role') = 'replica',
                pg_catalog.current_query() !~* ('\\m' || pg_catalog.replace(tg_tag, ' ', '\\M.*\\m') || '\\M')""";
        String body = """
                DECLARE
                  r record;
                BEGIN
                  IF pg_catalog.current_setting('ferry.capturing', true) = 'on' THEN
                    RETURN;
                  END IF;
                  PERFORM pg_catalog.set_config('ferry.capturing', 'on', true);
                  IF tg_event = 'sql_drop' THEN
                    INSERT INTO @TABLE (@COLUMNS)
                    SELECT @SLOT, tg_tag, o.object_type, o.object_identity, o.schema_name, o.object_name, @CONTEXT,
                           NULL, @FLAGS
                      FROM pg_catalog.pg_event_trigger_dropped_objects() o
                     WHERE o.original AND o.object_type IN ('table', 'index');
                  ELSE
                    FOR r IN
                      SELECT c.oid::pg_catalog.regclass AS rel, c.relreplident
                        FROM pg_catalog.pg_event_trigger_ddl_commands() d
                        JOIN pg_catalog.pg_class c ON c.oid = d.objid
                        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                       WHERE d.command_tag = 'CREATE TABLE' AND d.object_type = 'table' AND c.relkind IN ('r', 'p')
                         AND (@SELECTED)
                         AND EXISTS (SELECT 1 FROM pg_catalog.pg_publication p
                                      WHERE p.pubname = @PUBLICATION AND NOT p.puballtables)
                         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_publication_rel pr
                                           JOIN pg_catalog.pg_publication p ON p.oid = pr.prpubid
                                          WHERE p.pubname = @PUBLICATION AND pr.prrelid = c.oid)
                    LOOP
                      EXECUTE pg_catalog.format('ALTER PUBLICATION %I ADD TABLE %s', @PUBLICATION, r.rel);
                      IF @IDENTITY AND r.relreplident <> 'f' THEN
                        EXECUTE pg_catalog.format('ALTER TABLE %s REPLICA IDENTITY FULL', r.rel);
                      END IF;
                    END LOOP;
                    INSERT INTO @TABLE (@COLUMNS)
                    SELECT DISTINCT ON (c.oid) @SLOT, d.command_tag, d.object_type, d.object_identity, n.nspname,
                           c.relname, @CONTEXT, @STRUCTURE,
                           @FLAGS
                      FROM pg_catalog.pg_event_trigger_ddl_commands() d
                      JOIN pg_catalog.pg_class c ON c.oid = (@RELATION)
                      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                     WHERE c.relkind IN ('r', 'p') AND c.oid <> @TABLE_LITERAL::pg_catalog.regclass
                     ORDER BY c.oid;
                  END IF;
                  PERFORM pg_catalog.set_config('ferry.capturing', 'off', true);
                EXCEPTION WHEN OTHERS THEN
                  PERFORM pg_catalog.set_config('ferry.capturing', 'off', true);
                  RAISE WARNING 'Ferry did not capture this DDL for slot %: %', @SLOT, SQLERRM;
                END""";
        // The changed table: an index's or a constraint's table, or the table (or its column) itself.
        String relation = """
                CASE d.classid WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN coalesce(
                  (SELECT x.indrelid FROM pg_catalog.pg_index x WHERE x.indexrelid = d.objid), d.objid)
                WHEN 'pg_catalog.pg_constraint'::pg_catalog.regclass THEN
                  (SELECT k.conrelid FROM pg_catalog.pg_constraint k WHERE k.oid = d.objid) END""";
        // One object of the catalog's rows at this moment: columns, indexes, checks, foreign keys.
        StringJoiner structure = new StringJoiner(", ", "pg_catalog.json_build_object(", ")::text");
        TableStructureReader.capturedQueries("c.oid").forEach((name, sql) -> structure.add(literal(name)
                + ", (SELECT pg_catalog.json_agg(q) FROM (" + sql + ") q)"));
        body = body.replace("@STRUCTURE", structure.toString())
                .replace("@COLUMNS", columns).replace("@CONTEXT", context).replace("@FLAGS", flags)
                .replace("@SELECTED", selected).replace("@PUBLICATION", literal(publicationName))
                .replace("@IDENTITY", Boolean.toString(replicaIdentityFull)).replace("@RELATION", relation)
                .replace("@TABLE_LITERAL", literal(quotedTable)).replace("@TABLE", quotedTable)
                .replace("@SLOT", literal(slotName));
        return new String[] {
            "CREATE OR REPLACE FUNCTION " + function + "() RETURNS event_trigger LANGUAGE plpgsql SECURITY DEFINER "
                    + "AS $ferry$ " + body + " $ferry$",
            "DROP EVENT TRIGGER IF EXISTS " + quote(commandEndTrigger(slotName)),
            "CREATE EVENT TRIGGER " + quote(commandEndTrigger(slotName)) + " ON ddl_command_end EXECUTE FUNCTION "
                    + function + "()",
            "DROP EVENT TRIGGER IF EXISTS " + quote(dropTrigger(slotName)),
            "CREATE EVENT TRIGGER " + quote(dropTrigger(slotName)) + " ON sql_drop EXECUTE FUNCTION " + function + "()",
            // Also under session_replication_role=replica, so that a replication tool's DDL is reported.
            "ALTER EVENT TRIGGER " + quote(commandEndTrigger(slotName)) + " ENABLE ALWAYS",
            "ALTER EVENT TRIGGER " + quote(dropTrigger(slotName)) + " ENABLE ALWAYS"};
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
