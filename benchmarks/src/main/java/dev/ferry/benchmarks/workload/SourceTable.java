package dev.ferry.benchmarks.workload;

import dev.ferry.benchmarks.Lab;

/** A source table a workload fills with generated rows (server side, so filling is not measured). */
public record SourceTable(String name, String columns, String generatedRow) {

    /** The shape of pgbench's {@code pgbench_accounts}: four columns, about 100 bytes a row. */
    public static SourceTable accounts(String name) {
        return new SourceTable(name, "aid integer PRIMARY KEY, bid integer NOT NULL, abalance integer NOT NULL, filler character(84)",
                "SELECT g, (g - 1) / 100000 + 1, 0, '' FROM generate_series(1, {rows}) g");
    }

    /** Twenty columns of the common types, text and jsonb of a few hundred bytes among them. */
    public static SourceTable wide(String name) {
        return new SourceTable(name, String.join(", ",
                "id bigint PRIMARY KEY", "c_int integer", "c_bigint bigint", "c_small smallint", "c_bool boolean",
                "c_real real", "c_double double precision", "c_numeric numeric(18,4)", "c_money_like numeric",
                "c_text text", "c_varchar varchar(100)", "c_char char(10)", "c_date date", "c_ts timestamp",
                "c_tstz timestamptz", "c_jsonb jsonb", "c_uuid uuid", "c_bytea bytea", "c_time time", "c_tags text[]"),
                "SELECT g, g % 1000, g::bigint * 7919, (g % 30000)::smallint, g % 2 = 0, g / 3.0, g / 7.0, g * 1.2345, g * 0.01,"
                        + " repeat(md5(g::text), 6), 'name-' || g, 'c' || (g % 100), date '2020-01-01' + (g % 2000),"
                        + " timestamp '2020-01-01' + g * interval '1 second', timestamptz '2020-01-01 00:00+00' + g * interval '1 minute',"
                        + " jsonb_build_object('id', g, 'name', 'customer ' || g, 'tags', jsonb_build_array('a', 'b', g % 10),"
                        + " 'address', jsonb_build_object('city', 'City ' || (g % 500), 'zip', lpad((g % 99999)::text, 5, '0'))),"
                        + " md5(g::text)::uuid, decode(md5(g::text), 'hex'), time '00:00' + (g % 86400) * interval '1 second',"
                        + " ARRAY['x' || (g % 10), 'y' || (g % 7)] FROM generate_series(1, {rows}) g");
    }

    public void create(Lab lab, long rows) {
        drop(lab);
        lab.postgres().execute("CREATE TABLE " + name + " (" + columns + ")",
                "INSERT INTO " + name + " " + generatedRow.replace("{rows}", Long.toString(rows)),
                "VACUUM ANALYZE " + name);
    }

    public void drop(Lab lab) {
        lab.postgres().execute("DROP TABLE IF EXISTS " + name);
    }
}
