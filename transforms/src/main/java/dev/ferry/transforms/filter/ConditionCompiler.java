package dev.ferry.transforms.filter;

import dev.ferry.transforms.rules.TablePattern;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsBooleanExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.DataException;

/**
 * Compiles an SQL WHERE condition, parsed by JSqlParser, into a {@link RowCondition}. Only what a
 * row filter can evaluate on one row is accepted (comparisons, AND/OR/NOT, IN, BETWEEN, LIKE,
 * IS [NOT] NULL, IS [NOT] TRUE/FALSE); anything else is rejected when the transform is configured.
 */
public final class ConditionCompiler {

    private static final String SUPPORTED = "supported: = <> != < > <= >=, AND, OR, NOT, IN (...), BETWEEN, "
            + "LIKE, ILIKE, IS [NOT] NULL, IS [NOT] TRUE/FALSE; literals: numbers, 'text', TRUE, FALSE, NULL, "
            + "DATE '...', TIME '...', TIMESTAMP '...'";

    private final TablePattern table;
    private final String configKey;
    private final String rule;

    private ConditionCompiler(TablePattern table, String configKey, String rule) {
        this.table = table;
        this.configKey = configKey;
        this.rule = rule;
    }

    public static RowCondition compile(String sql, TablePattern table, String configKey, String rule) {
        Expression expression;
        try {
            expression = CCJSqlParserUtil.parseCondExpression(sql, false);
        } catch (JSQLParserException | RuntimeException e) {
            throw new ConfigException(configKey, rule, "cannot parse the condition '" + sql + "': "
                    + firstLine(e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        }
        return new ConditionCompiler(table, configKey, rule).condition(expression);
    }

    private RowCondition condition(Expression e) {
        Expression unwrapped = unwrapParentheses(e);
        if (unwrapped != e) {
            return condition(unwrapped);
        }
        if (e instanceof AndExpression and) {
            RowCondition left = condition(and.getLeftExpression());
            RowCondition right = condition(and.getRightExpression());
            return row -> {
                Truth l = left.test(row);
                return l == Truth.FALSE ? Truth.FALSE : l.and(right.test(row));
            };
        }
        if (e instanceof OrExpression or) {
            RowCondition left = condition(or.getLeftExpression());
            RowCondition right = condition(or.getRightExpression());
            return row -> {
                Truth l = left.test(row);
                return l == Truth.TRUE ? Truth.TRUE : l.or(right.test(row));
            };
        }
        if (e instanceof NotExpression not) {
            RowCondition inner = condition(not.getExpression());
            return row -> inner.test(row).not();
        }
        if (e instanceof EqualsTo || e instanceof NotEqualsTo || e instanceof GreaterThan
                || e instanceof GreaterThanEquals || e instanceof MinorThan || e instanceof MinorThanEquals) {
            return comparison((BinaryExpression) e);
        }
        if (e instanceof InExpression in) {
            return in(in);
        }
        if (e instanceof Between between) {
            return between(between);
        }
        if (e instanceof LikeExpression like) {
            return like(like);
        }
        if (e instanceof IsNullExpression isNull) {
            Operand operand = operand(isNull.getLeftExpression());
            boolean not = isNull.isNot();
            return row -> Truth.of((operand.value(row) == null) != not);
        }
        if (e instanceof IsBooleanExpression isBoolean) {
            RowCondition inner = condition(isBoolean.getLeftExpression());
            Truth wanted = Truth.of(isBoolean.isTrue());
            boolean not = isBoolean.isNot();
            return row -> Truth.of((inner.test(row) == wanted) != not);
        }
        if (e instanceof BooleanValue bool) {
            Truth constant = Truth.of(bool.getValue());
            return row -> constant;
        }
        if (e instanceof Column) {
            Operand column = operand(e);
            return row -> truthOf(column.value(row));
        }
        throw unsupported(e);
    }

    /** {@code (x)}: JSqlParser reads it as a one-element parenthesised list. */
    private static Expression unwrapParentheses(Expression e) {
        if (e instanceof Parenthesis p) {
            return p.getExpression();
        }
        if (e instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
            return list.get(0);
        }
        return e;
    }

    private static Truth truthOf(Object value) {
        if (value == null) {
            return Truth.UNKNOWN;
        }
        if (value instanceof Boolean b) {
            return Truth.of(b);
        }
        throw new DataException("a condition needs a boolean, not " + value);
    }

    private RowCondition comparison(BinaryExpression e) {
        Operand left = operand(e.getLeftExpression());
        Operand right = operand(e.getRightExpression());
        ComparisonTest test;
        if (e instanceof EqualsTo) {
            test = c -> c == 0;
        } else if (e instanceof NotEqualsTo) {
            test = c -> c != 0;
        } else if (e instanceof GreaterThan) {
            test = c -> c > 0;
        } else if (e instanceof GreaterThanEquals) {
            test = c -> c >= 0;
        } else if (e instanceof MinorThan) {
            test = c -> c < 0;
        } else {
            test = c -> c <= 0;
        }
        return row -> {
            Object l = left.value(row);
            Object r = right.value(row);
            if (l == null || r == null) {
                return Truth.UNKNOWN;
            }
            return Truth.of(test.holds(SqlValues.compare(l, r)));
        };
    }

    private RowCondition in(InExpression in) {
        Operand left = operand(in.getLeftExpression());
        if (!(in.getRightExpression() instanceof ExpressionList<?> list)) {
            throw unsupported(in.getRightExpression());
        }
        List<Operand> items = new ArrayList<>();
        for (Expression item : list) {
            items.add(operand(item));
        }
        boolean not = in.isNot();
        return row -> {
            Object l = left.value(row);
            Truth result = Truth.FALSE;
            if (l == null) {
                result = Truth.UNKNOWN;
            } else {
                for (Operand item : items) {
                    Object r = item.value(row);
                    if (r == null) {
                        result = Truth.UNKNOWN;
                    } else if (SqlValues.compare(l, r) == 0) {
                        result = Truth.TRUE;
                        break;
                    }
                }
            }
            return not ? result.not() : result;
        };
    }

    private RowCondition between(Between between) {
        Operand value = operand(between.getLeftExpression());
        Operand low = operand(between.getBetweenExpressionStart());
        Operand high = operand(between.getBetweenExpressionEnd());
        boolean not = between.isNot();
        return row -> {
            Object v = value.value(row);
            Object lo = low.value(row);
            Object hi = high.value(row);
            Truth aboveLow = v == null || lo == null ? Truth.UNKNOWN : Truth.of(SqlValues.compare(v, lo) >= 0);
            Truth belowHigh = v == null || hi == null ? Truth.UNKNOWN : Truth.of(SqlValues.compare(v, hi) <= 0);
            Truth result = aboveLow.and(belowHigh);
            return not ? result.not() : result;
        };
    }

    private RowCondition like(LikeExpression like) {
        boolean caseInsensitive;
        if (like.getLikeKeyWord() == LikeExpression.KeyWord.LIKE) {
            caseInsensitive = false;
        } else if (like.getLikeKeyWord() == LikeExpression.KeyWord.ILIKE) {
            caseInsensitive = true;
        } else {
            throw unsupported(like);
        }
        if (!(like.getRightExpression() instanceof StringValue pattern)) {
            throw new ConfigException(configKey, rule, "LIKE needs a quoted pattern, not " + like.getRightExpression());
        }
        char escape = '\\';
        if (like.getEscape() != null) {
            if (!(like.getEscape() instanceof StringValue e) || e.getNotExcapedValue().length() != 1) {
                throw new ConfigException(configKey, rule, "ESCAPE needs one quoted character, not " + like.getEscape());
            }
            escape = e.getNotExcapedValue().charAt(0);
        }
        Pattern regex = likeRegex(pattern.getNotExcapedValue(), escape, caseInsensitive);
        Operand value = operand(like.getLeftExpression());
        boolean not = like.isNot();
        return row -> {
            Object v = value.value(row);
            if (v == null) {
                return Truth.UNKNOWN;
            }
            String text = v instanceof BigDecimal number ? number.toPlainString() : v.toString();
            return Truth.of(regex.matcher(text).matches() != not);
        };
    }

    /** LIKE pattern → regex: {@code %} any run, {@code _} one character, the escape makes the next literal. */
    static Pattern likeRegex(String like, char escape, boolean caseInsensitive) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == escape && i + 1 < like.length()) {
                regex.append(Pattern.quote(String.valueOf(like.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        int flags = Pattern.DOTALL | (caseInsensitive ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        return Pattern.compile(regex.toString(), flags);
    }

    private Operand operand(Expression e) {
        Expression unwrapped = unwrapParentheses(e);
        if (unwrapped != e) {
            return operand(unwrapped);
        }
        if (e instanceof Column column) {
            return columnOperand(column);
        }
        Object constant = constant(e);
        return row -> constant;
    }

    private Operand columnOperand(Column column) {
        Table qualifier = column.getTable();
        if (qualifier != null && qualifier.getName() != null) {
            String qualifierTable = qualifier.getUnquotedName();
            String qualifierSchema = qualifier.getUnquotedSchemaName();
            boolean matches = table.isExact() && qualifierTable.equals(table.tablePart())
                    && (qualifierSchema == null || qualifierSchema.equals(table.schemaPart()));
            if (!matches) {
                throw new ConfigException(configKey, rule, "unknown table reference '" + qualifier
                        + "': a condition can only use columns of the rule's own table " + table);
            }
        }
        String raw = column.getColumnName();
        boolean quoted = raw.length() > 1 && (raw.startsWith("\"") && raw.endsWith("\"")
                || raw.startsWith("`") && raw.endsWith("`"));
        String name = quoted ? raw.substring(1, raw.length() - 1) : raw;
        if (!quoted && (name.equalsIgnoreCase("true") || name.equalsIgnoreCase("false"))) {
            Boolean constant = Boolean.valueOf(name.toLowerCase());
            return row -> constant;
        }
        return row -> row.column(name, quoted);
    }

    private Object constant(Expression e) {
        if (e instanceof NullValue) {
            return null;
        }
        if (e instanceof StringValue s) {
            return s.getNotExcapedValue();
        }
        if (e instanceof LongValue l) {
            return new BigDecimal(l.getBigIntegerValue());
        }
        if (e instanceof DoubleValue d) {
            return new BigDecimal(d.toString());
        }
        if (e instanceof BooleanValue b) {
            return b.getValue();
        }
        if (e instanceof SignedExpression signed && (signed.getExpression() instanceof LongValue
                || signed.getExpression() instanceof DoubleValue)) {
            BigDecimal number = (BigDecimal) constant(signed.getExpression());
            return signed.getSign() == '-' ? number.negate() : number;
        }
        if (e instanceof CastExpression cast) {
            return typedLiteral(cast);
        }
        throw unsupported(e);
    }

    /** {@code DATE '2024-01-31'}, {@code '12:00'::time}, {@code CAST('1.5' AS numeric)}: a literal read as a type. */
    private Object typedLiteral(CastExpression cast) {
        Object value = constant(cast.getLeftExpression());
        if (!(value instanceof String text)) {
            throw unsupported(cast);
        }
        String type = cast.getColDataType().getDataType().toUpperCase(Locale.ROOT).trim();
        try {
            if (type.equals("DATE")) {
                return LocalDate.parse(text.trim());
            }
            if (type.equals("TIME")) {
                return LocalTime.parse(text.trim());
            }
            if (type.equals("TIMESTAMPTZ") || type.startsWith("TIMESTAMP") && type.contains("WITH TIME ZONE")) {
                return SqlValues.parseInstant(text);
            }
            if (type.equals("TIMESTAMP") || type.equals("DATETIME")) {
                return SqlValues.parseDateTime(text);
            }
            if (type.matches("NUMERIC|DECIMAL|INT|INTEGER|BIGINT|SMALLINT|REAL|FLOAT|DOUBLE( PRECISION)?")) {
                return new BigDecimal(text.trim());
            }
            if (type.matches("TEXT|VARCHAR|CHAR|CHARACTER VARYING")) {
                return text;
            }
        } catch (DateTimeParseException | NumberFormatException ex) {
            throw new ConfigException(configKey, rule, "cannot read " + cast + ": " + ex.getMessage());
        }
        throw unsupported(cast);
    }

    private ConfigException unsupported(Expression e) {
        return new ConfigException(configKey, rule, "'" + e + "' is not supported in a row condition (" + SUPPORTED + ")");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @FunctionalInterface
    private interface ComparisonTest {
        boolean holds(int comparison);
    }
}
