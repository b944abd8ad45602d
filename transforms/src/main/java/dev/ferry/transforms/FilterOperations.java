package dev.ferry.transforms;

import dev.ferry.contract.structure.StructureRecords;
import dev.ferry.transforms.operations.Operation;
import dev.ferry.transforms.operations.OperationRule;
import dev.ferry.transforms.record.ChangeRecord;
import dev.ferry.transforms.record.Shape;
import dev.ferry.transforms.record.TableRef;
import dev.ferry.transforms.rules.RulesValidator;
import dev.ferry.transforms.rules.TableRules;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;

/** Replicates only the chosen SQL operations of each table. */
public class FilterOperations<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {

    public static final String OVERVIEW_DOC = "Chooses per table which SQL operations are replicated (a managed "
            + "sync service's per-object operation selection): for example only inserts of an audit table, so "
            + "rows deleted at the source stay in the target. Snapshot rows (full sync) always pass; choose what "
            + "is snapshotted with the source's table selection and snapshot.mode. Tombstones count as deletes. "
            + "Works on Debezium envelopes and on flattened records; heartbeats, schema records without a DDL "
            + "command and Ferry's own tables pass untouched, as do tables no rule names.";

    public static final String RULES = "rules";
    private static final String RULES_DOC = "Operation choices, one per table, separated by ';' or line breaks: "
            + "'schema.table: operations' with operations a comma list of insert, update, delete, truncate, ddl "
            + "(the table's DDL records, ddl.sync) (or all, or none), for example 'public.audit: insert; *: "
            + "insert,update,delete,truncate' (the second keeps every table's DDL out of the target). The table may "
            + "use * as a wildcard; the first matching rule applies. Flattened records tell inserts from updates "
            + "only through an __op field (ExtractNewRecordState add.fields=op); without it a rule that allows "
            + "exactly one of insert and update cannot decide and fails the task naming the table.";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(RULES, Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                    RulesValidator.required(FilterOperations::parseRules, "schema.table: operation,...; ..."),
                    Importance.HIGH, RULES_DOC);

    private TableRules<OperationRule> rules;

    @Override
    public void configure(Map<String, ?> props) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, props);
        rules = parseRules(config.getString(RULES));
    }

    private static TableRules<OperationRule> parseRules(String text) {
        return TableRules.parse(text, RULES, OperationRule::parse, OperationRule::table);
    }

    @Override
    public R apply(R record) {
        ChangeRecord change = ChangeRecord.of(record, "FilterOperations");
        if (change.shape() == Shape.PASS_THROUGH) {
            return record;
        }
        boolean ddlRecord = change.shape() == Shape.SCHEMA_RECORD && StructureRecords.ddl(change.value()) != null;
        if (change.shape() == Shape.SCHEMA_RECORD && !ddlRecord) {
            return record;
        }
        OperationRule rule = rules.forTable(change.table());
        if (rule == null) {
            return record;
        }
        if (ddlRecord) {
            return rule.allowed().contains(Operation.DDL) ? record : null;
        }
        Operation operation;
        if (change.shape() == Shape.TOMBSTONE || change.isFlattenedDelete()) {
            operation = Operation.DELETE;
        } else {
            String op = change.op();
            if (op == null) {
                return upsertOfUnknownKind(record, change, rule);
            }
            switch (op) {
                case ChangeRecord.OP_CREATE -> operation = Operation.INSERT;
                case ChangeRecord.OP_UPDATE -> operation = Operation.UPDATE;
                case ChangeRecord.OP_DELETE -> operation = Operation.DELETE;
                case ChangeRecord.OP_TRUNCATE -> operation = Operation.TRUNCATE;
                default -> {
                    return record;
                }
            }
        }
        return rule.allowed().contains(operation) ? record : null;
    }

    /** A flattened row without __op: an insert or an update, which only matters if the rule tells them apart. */
    private R upsertOfUnknownKind(R record, ChangeRecord change, OperationRule rule) {
        Set<Operation> allowed = rule.allowed();
        boolean insert = allowed.contains(Operation.INSERT);
        boolean update = allowed.contains(Operation.UPDATE);
        if (insert == update) {
            return insert ? record : null;
        }
        throw new DataException("FilterOperations rule '" + rule.text() + "' allows only " + (insert ? "insert" : "update")
                + ", but the flattened record of table " + change.table() + " (topic " + record.topic() + ") does not "
                + "say which it is: add an __op field with ExtractNewRecordState's add.fields=op");
    }

    /** The operations replicated for {@code table}, or null when no rule is for it (all are). For ferry verify. */
    public Set<Operation> operationsFor(TableRef table) {
        OperationRule rule = rules.forTable(table);
        return rule == null ? null : rule.allowed();
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void close() {
        rules = null;
    }
}
