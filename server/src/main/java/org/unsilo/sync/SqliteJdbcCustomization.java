package org.unsilo.sync;

import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;

/**
 * db-scheduler's generic SQL limits a query with {@code OFFSET 0 ROWS FETCH FIRST n ROWS ONLY}, which SQLite does not
 * parse; SQLite takes {@code LIMIT n}. Everything else (optimistic locking by version) is the generic behaviour.
 */
final class SqliteJdbcCustomization extends DefaultJdbcCustomization {

    SqliteJdbcCustomization() {
        super(true);
    }

    @Override
    public String getName() {
        return "SQLite";
    }

    @Override
    public boolean supportsExplicitQueryLimitPart() {
        return true;
    }

    @Override
    public String getQueryLimitPart(int limit) {
        return " LIMIT " + limit;
    }
}
