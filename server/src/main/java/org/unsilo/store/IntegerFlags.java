package org.unsilo.store;

import java.lang.reflect.Type;
import java.sql.Types;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.argument.ArgumentFactory;
import org.jdbi.v3.core.config.ConfigRegistry;

/**
 * Binds Java booleans as 0/1: flags are INTEGER columns on every dialect. SQLite stores a bound boolean that way by
 * itself; PostgreSQL refuses a boolean for an integer column.
 */
final class IntegerFlags implements ArgumentFactory.Preparable {

    @Override
    public Optional<Function<Object, Argument>> prepare(Type type, ConfigRegistry config) {
        if (type != boolean.class && type != Boolean.class) {
            return Optional.empty();
        }
        return Optional.of(value -> (position, statement, ctx) -> {
            if (value == null) {
                statement.setNull(position, Types.INTEGER);
            } else {
                statement.setInt(position, (Boolean) value ? 1 : 0);
            }
        });
    }

    @Override
    public Optional<Argument> build(Type type, Object value, ConfigRegistry config) {
        return prepare(type, config).map(binder -> binder.apply(value));
    }
}
