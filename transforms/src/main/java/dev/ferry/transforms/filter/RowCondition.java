package dev.ferry.transforms.filter;

/** A compiled WHERE condition, evaluated against one row image. */
@FunctionalInterface
public interface RowCondition {

    Truth test(Row row);
}
