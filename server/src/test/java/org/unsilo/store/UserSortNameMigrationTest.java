package org.unsilo.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unsilo.testing.TestDatabase;

/**
 * Migration 41 gives the colleagues stored before it their name's key, so that the users and roles list has them in
 * name order and finds them without their accents; on SQLite and, in the PostgreSQL run, on PostgreSQL.
 */
class UserSortNameMigrationTest {

    @TempDir
    Path dir;

    @Test
    void colleaguesStoredBeforeTheMigrationGetTheirNamesKeys() throws SQLException {
        String url = TestDatabase.freshUrl(dir);
        Flyway flyway = Flyway.configure().dataSource(url, null, null)
                .locations("classpath:db/migration/" + Dialect.of(url).migrationFolder()).target("40").load();
        flyway.migrate();
        try (Connection c = flyway.getConfiguration().getDataSource().getConnection();
             PreparedStatement user = c.prepareStatement("INSERT INTO app_user (id, email, display_name, role, created_at)"
                     + " VALUES (?, ?, ?, 'member', 0)")) {
            List<String> names = List.of("Zoe Adams", "Émile  Zola", "Łukasz Nowak", "ada admin");
            for (int i = 0; i < names.size(); i++) {
                user.setLong(1, i + 1);
                user.setString(2, "user" + (i + 1) + "@unsilo.test");
                user.setString(3, names.get(i));
                user.executeUpdate();
            }
        }

        try (Database db = Database.open(url)) {
            List<String> keys = db.read(h -> h.createQuery("SELECT sort_name FROM app_user ORDER BY id").mapTo(String.class).list());
            assertThat(keys).containsExactly("zoe adams", "emile zola", "lukasz nowak", "ada admin");
            List<UserRow> byName = db.read(h -> h.attach(UserDao.class).search("", "", 0, 10));
            assertThat(byName.stream().map(UserRow::displayName).toList())
                    .containsExactly("ada admin", "Émile  Zola", "Łukasz Nowak", "Zoe Adams");
            List<UserRow> found = db.read(h -> h.attach(UserDao.class).search("%lukasz%", "%lukasz%", 0, 10));
            assertThat(found.stream().map(UserRow::displayName).toList()).containsExactly("Łukasz Nowak");
        }
    }
}
