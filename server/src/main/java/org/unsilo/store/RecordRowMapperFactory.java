package org.unsilo.store;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.generic.GenericTypes;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.RowMapperFactory;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Maps result rows to the row records of this package ({@code UserRow}, {@code ContactRow}, …) by matching column
 * labels to record components the way Jdbi's {@code ConstructorMapper} does ({@code display_name} →
 * {@code displayName}, case and underscores ignored), but resolves the columns once per result set and reads them
 * with plain JDBC getters. Jdbi's constructor mapper looked its column mappers up again for every statement, which
 * cost more than the SQLite query itself on the lookup and capture paths (see bench/RESULTS.md).
 */
final class RecordRowMapperFactory implements RowMapperFactory {

    private final Map<Class<?>, RecordMapper<?>> mappers = new ConcurrentHashMap<>();

    @Override
    public Optional<RowMapper<?>> build(Type type, ConfigRegistry config) {
        Class<?> raw = GenericTypes.getErasedType(type);
        if (!raw.isRecord() || !raw.getPackageName().equals(RecordRowMapperFactory.class.getPackageName())) {
            return Optional.empty();
        }
        return Optional.of(mappers.computeIfAbsent(raw, RecordMapper::new));
    }

    static String normalise(String name) {
        return name.replace("_", "").toLowerCase(Locale.ROOT);
    }

    private static final class RecordMapper<T> implements RowMapper<T> {
        private final Class<T> type;
        private final RecordComponent[] components;
        private final MethodHandle constructor;

        RecordMapper(Class<T> type) {
            this.type = type;
            this.components = type.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
            }
            try {
                MethodHandle ctor = MethodHandles.publicLookup().findConstructor(type, MethodType.methodType(void.class, types));
                this.constructor = ctor.asSpreader(Object[].class, types.length);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("no canonical constructor for " + type, e);
            }
        }

        @Override
        public T map(ResultSet rs, StatementContext ctx) throws SQLException {
            return specialize(rs, ctx).map(rs, ctx);
        }

        @Override
        public RowMapper<T> specialize(ResultSet rs, StatementContext ctx) throws SQLException {
            ResultSetMetaData meta = rs.getMetaData();
            Map<String, Integer> columns = new HashMap<>();
            for (int c = meta.getColumnCount(); c >= 1; c--) {
                columns.put(normalise(meta.getColumnLabel(c)), c);
            }
            int[] index = new int[components.length];
            for (int i = 0; i < components.length; i++) {
                Integer c = columns.get(normalise(components[i].getName()));
                if (c == null) {
                    throw new IllegalArgumentException("no column for " + type.getSimpleName() + "." + components[i].getName()
                            + " among " + columns.keySet());
                }
                index[i] = c;
            }
            return (row, context) -> {
                Object[] args = new Object[components.length];
                for (int i = 0; i < components.length; i++) {
                    args[i] = read(row, index[i], components[i].getType());
                }
                try {
                    return type.cast(constructor.invoke(args));
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable e) {
                    throw new IllegalStateException("cannot construct " + type.getSimpleName(), e);
                }
            };
        }

        private static Object read(ResultSet rs, int c, Class<?> t) throws SQLException {
            if (t == long.class) {
                return rs.getLong(c);
            } else if (t == int.class) {
                return rs.getInt(c);
            } else if (t == double.class) {
                return rs.getDouble(c);
            } else if (t == boolean.class) {
                return rs.getBoolean(c);
            } else if (t == String.class) {
                return rs.getString(c);
            } else if (t == Long.class) {
                long v = rs.getLong(c);
                return rs.wasNull() ? null : v;
            } else if (t == Integer.class) {
                int v = rs.getInt(c);
                return rs.wasNull() ? null : v;
            } else if (t == Double.class) {
                double v = rs.getDouble(c);
                return rs.wasNull() ? null : v;
            } else if (t == Boolean.class) {
                boolean v = rs.getBoolean(c);
                return rs.wasNull() ? null : v;
            }
            throw new IllegalArgumentException("unsupported record component type " + t.getName());
        }
    }
}
