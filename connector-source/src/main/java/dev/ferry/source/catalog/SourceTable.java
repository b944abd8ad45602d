package dev.ferry.source.catalog;

import dev.ferry.source.config.QualifiedTableName;

/**
 * What Ferry needs to know about one ordinary or partitioned table of the source.
 *
 * @param parent the partitioned table this is a partition of, or null
 * @param replicaIdentity pg_class.relreplident: d(efault), n(othing), f(ull), i(ndex)
 */
public record SourceTable(QualifiedTableName name, boolean partitioned, QualifiedTableName parent,
        char replicaIdentity, boolean hasPrimaryKey, boolean hasNotNullUniqueIndex, boolean ownedByCurrentUser) {

    public boolean hasKey() {
        return hasPrimaryKey || hasNotNullUniqueIndex;
    }

    public boolean replicaIdentityFull() {
        return replicaIdentity == 'f';
    }
}
