package dev.ferry.sink.dialect;

import dev.ferry.contract.Redaction;
import java.util.ServiceLoader;
import org.apache.kafka.common.config.ConfigException;

/** Finds the dialect for a connection URL or an explicit name. */
public final class Dialects {

    private Dialects() {
    }

    public static Dialect forConfig(String jdbcUrl, String dialectName) {
        DialectProvider best = null;
        int bestScore = 0;
        for (DialectProvider provider : ServiceLoader.load(DialectProvider.class, Dialects.class.getClassLoader())) {
            if (dialectName != null && !dialectName.isBlank()) {
                if (provider.name().equalsIgnoreCase(dialectName)) {
                    return provider.create();
                }
                continue;
            }
            int score = provider.score(jdbcUrl);
            if (score > bestScore) {
                best = provider;
                bestScore = score;
            }
        }
        if (best == null) {
            throw new ConfigException("connection.url", Redaction.jdbcUrl(jdbcUrl), "no dialect for this JDBC URL"
                    + (dialectName == null || dialectName.isBlank() ? "" : " and dialect.name '" + dialectName + "'")
                    + "; supported: jdbc:postgresql:, jdbc:mysql:, jdbc:mariadb:");
        }
        return best.create();
    }
}
