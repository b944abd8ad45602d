package dev.ferry.transforms.filter;

/** A value in a condition: a column of the row or a literal. Null is SQL NULL. */
@FunctionalInterface
interface Operand {

    Object value(Row row);
}
