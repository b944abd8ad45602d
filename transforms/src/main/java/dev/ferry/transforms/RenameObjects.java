package dev.ferry.transforms;

import dev.ferry.transforms.record.ChangeRecord;
import dev.ferry.transforms.record.Shape;
import dev.ferry.transforms.rename.CasePolicy;
import dev.ferry.transforms.rename.NameMapping;
import dev.ferry.transforms.rename.RecordRenamer;
import dev.ferry.transforms.rename.RenameRule;
import dev.ferry.transforms.rules.RuleList;
import dev.ferry.transforms.rules.RulesValidator;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Transformation;

/** Maps schema, table and column names from the source's to the destination's. */
public class RenameObjects<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {

    public static final String OVERVIEW_DOC = "Maps schema, table and column names (a managed sync service's "
            + "object name mapping). Renames consistently in the key, before, after, the source block's schema and "
            + "table, and optionally the topic, so a sink writes to the mapped table and columns. Works on Debezium "
            + "envelopes and flattened records; heartbeats, schema changes and Ferry's own tables pass untouched.";

    public static final String RULES = "rules";
    private static final String RULES_DOC = "Rename rules separated by ';' or line breaks. Explicit: "
            + "'legacy -> archive' renames a schema, 'public.orders -> sales.orders_v2' a table (a one-part target "
            + "such as 'public.orders -> orders_v2' keeps the mapped schema), 'public.orders.amt -> amount' a "
            + "column. Regex, for batch renames of one level: 'table ~ ^tmp_(.*)$ -> $1', 'column ~ (.*)_old -> "
            + "$1', 'schema ~ ...'; the regex must match the whole name and $1.. refer to its groups. Names are "
            + "matched as the source spells them (double-quote a part that holds a dot). Explicit rules win over "
            + "regex rules; among regex rules the first that matches applies. Mapping two columns of one table to "
            + "the same name is rejected.";

    public static final String CASE = "case";
    private static final String CASE_DOC = "Case of every destination name after the rules: 'keep', 'lower' or "
            + "'upper' (for a target that folds unquoted names, such as MySQL on a case-insensitive file system).";

    public static final String TOPIC_RENAME = "topic.rename";
    private static final String TOPIC_RENAME_DOC = "Also rename the topic '<prefix>.<schema>.<table>' to the "
            + "destination names. Needed for flattened records, whose table a sink can only learn from the topic; "
            + "envelopes carry it in their source block.";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(RULES, Type.STRING, "", RulesValidator.optional(rules -> mapping(rules, CasePolicy.KEEP),
                    "source -> target; kind ~ regex -> replacement; ..."),
                    Importance.HIGH, RULES_DOC)
            .define(CASE, Type.STRING, "keep", ConfigDef.CaseInsensitiveValidString.in("keep", "lower", "upper"),
                    Importance.MEDIUM, CASE_DOC)
            .define(TOPIC_RENAME, Type.BOOLEAN, true, Importance.MEDIUM, TOPIC_RENAME_DOC);

    private RecordRenamer renamer;
    private NameMapping names;

    @Override
    public void configure(Map<String, ?> props) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, props);
        CasePolicy casePolicy = CasePolicy.valueOf(config.getString(CASE).toUpperCase(Locale.ROOT));
        names = mapping(config.getString(RULES), casePolicy);
        renamer = new RecordRenamer(names, config.getBoolean(TOPIC_RENAME));
    }

    private static NameMapping mapping(String rules, CasePolicy casePolicy) {
        return new NameMapping(RuleList.split(rules).stream().map(rule -> RenameRule.parse(rule, RULES)).toList(),
                casePolicy, RULES);
    }

    @Override
    public R apply(R record) {
        ChangeRecord change = ChangeRecord.of(record, "RenameObjects");
        return change.shape() == Shape.PASS_THROUGH ? record : renamer.rename(record, change);
    }

    /** The configured mapping, for tools that must follow it (ferry verify). */
    public NameMapping names() {
        return names;
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
        renamer = null;
        names = null;
    }
}
