package dev.ferry.transforms;

import dev.ferry.transforms.filter.Row;
import dev.ferry.transforms.filter.RowFilterRule;
import dev.ferry.transforms.filter.Truth;
import dev.ferry.transforms.record.ChangeRecord;
import dev.ferry.transforms.record.RecordRewrites;
import dev.ferry.transforms.record.Shape;
import dev.ferry.transforms.record.TableRef;
import dev.ferry.transforms.rules.RulesValidator;
import dev.ferry.transforms.rules.TableRules;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Keeps only the rows of a table that satisfy an SQL condition, and keeps the target right when
 * an update moves a row across the condition: a row that leaves becomes a delete, a row that
 * enters becomes an insert.
 */
public class FilterRows<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {

    public static final String OVERVIEW_DOC = "Replicates only the rows of a table that satisfy an SQL WHERE "
            + "condition (a managed sync service's row filter). Updates that move a row across the condition stay "
            + "correct in the target: old row in and new row in is an update, in to out becomes a delete of the old "
            + "key, out to in becomes an insert of the new row, out to out is dropped. Deletes are judged on the "
            + "before-image. Works on Debezium envelopes and on flattened records; heartbeats, schema changes and "
            + "Ferry's own tables pass untouched, as do tables no rule names.";

    public static final String RULES = "rules";
    private static final String RULES_DOC = "Row conditions, one per table, separated by ';' or line breaks: "
            + "'schema.table: condition', for example \"public.orders: region = 'EU' AND amount >= 100; "
            + "public.customers: country IN ('DE', 'FR')\". The table may use * as a wildcard (public.*, or * for "
            + "every table); the first matching rule applies. Conditions are SQL with three-valued logic: "
            + "= <> != < > <= >=, AND, OR, NOT, IN, BETWEEN, LIKE, ILIKE, IS [NOT] NULL, IS [NOT] TRUE/FALSE, "
            + "literals 'text', numbers, TRUE/FALSE/NULL, DATE '2024-01-31', TIME '12:00', TIMESTAMP "
            + "'2024-01-31 12:00:00' (a timestamp with time zone compared to a literal without offset reads it as "
            + "UTC). Unquoted column names also match ignoring case; quote them (\"Region\") to match exactly. "
            + "A rule that does not parse fails the connector's configuration naming the rule.";

    public static final String BEFORE_IMAGES = "before.images";
    public static final String BEFORE_IMAGES_FULL = "full";
    public static final String BEFORE_IMAGES_PARTIAL = "partial";
    private static final String BEFORE_IMAGES_DOC = "Whether update and delete events carry the complete old row. "
            + "'full' (Ferry's source with replica.identity.full=true, or REPLICA IDENTITY FULL): updates are "
            + "judged on both images and deletes on the before-image, so rows that never matched cost nothing in "
            + "the target. 'partial' (REPLICA IDENTITY DEFAULT, where a delete's before-image holds only the key "
            + "and an update has none): every delete is passed on, and an update is judged on its new row alone, "
            + "an upsert when it matches and a delete of its key when it does not; deleting a row the target never "
            + "had is harmless, so the target still ends exact. An update without a before-image is always "
            + "judged this way, whatever this setting says.";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(RULES, Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                    RulesValidator.required(FilterRows::parseRules, "schema.table: condition; ..."), Importance.HIGH,
                    RULES_DOC)
            .define(BEFORE_IMAGES, Type.STRING, BEFORE_IMAGES_FULL,
                    ConfigDef.ValidString.in(BEFORE_IMAGES_FULL, BEFORE_IMAGES_PARTIAL), Importance.MEDIUM,
                    BEFORE_IMAGES_DOC);

    private TableRules<RowFilterRule> rules;
    private boolean fullBeforeImages;

    @Override
    public void configure(Map<String, ?> props) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, props);
        rules = parseRules(config.getString(RULES));
        fullBeforeImages = BEFORE_IMAGES_FULL.equals(config.getString(BEFORE_IMAGES));
    }

    private static TableRules<RowFilterRule> parseRules(String text) {
        return TableRules.parse(text, RULES, RowFilterRule::parse, RowFilterRule::table);
    }

    @Override
    public R apply(R record) {
        ChangeRecord change = ChangeRecord.of(record, "FilterRows");
        if (change.shape() == Shape.PASS_THROUGH || change.shape() == Shape.TOMBSTONE
                || change.shape() == Shape.SCHEMA_RECORD) {
            return record;
        }
        RowFilterRule rule = rules.forTable(change.table());
        if (rule == null) {
            return record;
        }
        try {
            return change.shape() == Shape.ENVELOPE ? envelope(record, change, rule) : flattened(record, change, rule);
        } catch (DataException e) {
            throw new DataException("FilterRows rule '" + rule.text() + "' cannot judge a row of table "
                    + change.table() + " (topic " + record.topic() + "): " + e.getMessage(), e);
        }
    }

    private R envelope(R record, ChangeRecord change, RowFilterRule rule) {
        Struct before = change.before();
        Struct after = change.after();
        TableRef table = change.table();
        switch (change.op()) {
            case ChangeRecord.OP_CREATE, ChangeRecord.OP_READ -> {
                return matches(rule, table, after) ? record : null;
            }
            case ChangeRecord.OP_UPDATE -> {
                boolean newIn = matches(rule, table, after);
                if (before == null || !fullBeforeImages) {
                    return newIn ? record : RecordRewrites.envelopeDelete(record, change.value(), after);
                }
                boolean oldIn = matches(rule, table, before);
                if (oldIn && newIn) {
                    return record;
                }
                if (oldIn) {
                    return RecordRewrites.envelopeDelete(record, change.value(), before);
                }
                return newIn ? RecordRewrites.envelopeInsert(record, change.value(), after) : null;
            }
            case ChangeRecord.OP_DELETE -> {
                if (before == null || !fullBeforeImages) {
                    return record;
                }
                return matches(rule, table, before) ? record : null;
            }
            default -> {
                return record;
            }
        }
    }

    /** A flattened row has no before-image: what left the condition is deleted by key, which is always safe. */
    private R flattened(R record, ChangeRecord change, RowFilterRule rule) {
        TableRef table = change.table();
        if (change.isFlattenedDelete()) {
            return !fullBeforeImages || matches(rule, table, change.value()) ? record : null;
        }
        if (matches(rule, table, change.value())) {
            return record;
        }
        String op = change.op();
        if (ChangeRecord.OP_CREATE.equals(op) || ChangeRecord.OP_READ.equals(op)) {
            return null;
        }
        if (record.key() == null) {
            throw new DataException("the record has no key, so a row that left the condition cannot be deleted");
        }
        return RecordRewrites.tombstone(record);
    }

    private static boolean matches(RowFilterRule rule, TableRef table, Struct image) {
        return image != null && rule.condition().test(new Row(table, image)) == Truth.TRUE;
    }

    /** The SQL condition rows of {@code table} must satisfy, or null when no rule is for it (ferry verify). */
    public String conditionFor(TableRef table) {
        RowFilterRule rule = rules.forTable(table);
        return rule == null ? null : rule.conditionSql();
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
