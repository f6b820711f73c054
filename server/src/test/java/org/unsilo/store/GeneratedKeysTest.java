package org.unsilo.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.reflect.ClassPath;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite connections are opened without sqlite-jdbc's generated keys (a query after every INSERT, see
 * {@link Dialect}), so an insert that needs its id must say {@code RETURNING id}: a DAO asking Jdbi for generated keys
 * would get none.
 */
class GeneratedKeysTest {

    @TempDir
    Path dir;

    @Test
    void noDaoAsksForGeneratedKeys() throws Exception {
        List<String> asking = new ArrayList<>();
        List<Class<?>> daos = new ArrayList<>();
        for (ClassPath.ClassInfo info : ClassPath.from(getClass().getClassLoader()).getTopLevelClasses("org.unsilo.store")) {
            Class<?> type = info.load();
            if (type.isInterface()) {
                daos.add(type);
                for (Method m : type.getDeclaredMethods()) {
                    if (m.isAnnotationPresent(GetGeneratedKeys.class)) {
                        asking.add(type.getSimpleName() + "." + m.getName());
                    }
                }
            }
        }
        assertThat(daos).as("the DAO interfaces were found").contains(TokenDao.class, MessageDao.class);
        assertThat(asking).as("DAO methods with @GetGeneratedKeys (use INSERT ... RETURNING id)").isEmpty();
    }

    @Test
    void insertsReturnTheNewRowsId() {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("u.db"))) {
            long first = db.write(h -> h.attach(SupportDao.class).audit(null, "test", "thing", "1", null, null, 0));
            long second = db.write(h -> h.attach(SupportDao.class).audit(null, "test", "thing", "2", null, null, 0));
            assertThat(second).isEqualTo(first + 1);
            String target = db.read(h -> h.createQuery("SELECT target_id FROM audit_log WHERE id = :id").bind("id", second)
                    .mapTo(String.class).one());
            assertThat(target).isEqualTo("2");
        }
    }
}
