package org.unsilo.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prepared statements kept per SQLite read connection (ReadStatementCache) must never serve stale or mixed-up rows. */
class ReadStatementCacheTest {

    private static final String COUNT = "SELECT COUNT(*) FROM organization";
    private static final String DOMAINS = "SELECT domain FROM organization ORDER BY domain";

    @TempDir
    Path dir;
    private Database db;

    @BeforeEach
    void open() {
        db = Database.open("jdbc:sqlite:" + dir.resolve("unsilo.db"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void addOrganization(String domain) {
        db.write(h -> h.attach(OrganizationDao.class).insert(domain, domain, null, 1L));
    }

    private long count() {
        return db.read(h -> h.createQuery(COUNT).mapTo(Long.class).one());
    }

    @Test
    void theSameStatementServesTheNextRequestOnTheSameConnection() {
        List<Statement> used = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            db.read(h -> {
                connections.add(physical(h));
                return h.createQuery(COUNT).addCustomizer(recordInto(used)).mapTo(Long.class).one();
            });
        }
        // One thread, one after another: the pool hands out the same connection, so the cache must hand out the
        // same compiled statement.
        assertThat(connections).allSatisfy(c -> assertThat(c).isSameAs(connections.get(0)));
        assertThat(used).hasSize(3).allSatisfy(s -> assertThat(s).isSameAs(used.get(0)));
    }

    @Test
    void aCachedStatementSeesEveryCommitMadeSinceItsLastUse() {
        assertThat(count()).isZero();
        addOrganization("a.example");
        assertThat(count()).isEqualTo(1);
        addOrganization("b.example");
        addOrganization("c.example");
        assertThat(count()).isEqualTo(3);
        List<String> domains = db.read(h -> h.createQuery(DOMAINS).mapTo(String.class).list());
        assertThat(domains).containsExactly("a.example", "b.example", "c.example");
    }

    @Test
    void aResultStoppedAfterTheFirstRowDoesNotHoldAnOldSnapshot() {
        addOrganization("a.example");
        addOrganization("b.example");
        assertThat(firstDomain()).isEqualTo("a.example");
        addOrganization("0.example");
        assertThat(firstDomain()).isEqualTo("0.example");
    }

    @Test
    void theSameQueryRunInsideItsOwnOpenResultGetsItsOwnStatement() {
        addOrganization("a.example");
        addOrganization("b.example");
        List<String> pairs = db.read(h -> {
            List<String> out = new ArrayList<>();
            h.createQuery(DOMAINS).mapTo(String.class).useStream(outer -> outer.forEach(o ->
                    h.createQuery(DOMAINS).mapTo(String.class).list().forEach(inner -> out.add(o + "/" + inner))));
            return out;
        });
        assertThat(pairs).containsExactly("a.example/a.example", "a.example/b.example", "b.example/a.example",
                "b.example/b.example");
        // and the cache still works afterwards
        assertThat(count()).isEqualTo(2);
    }

    @Test
    void parametersOfOneUseDoNotLeakIntoTheNext() {
        addOrganization("a.example");
        String byDomain = "SELECT COUNT(*) FROM organization WHERE domain = :d";
        long a = db.read(h -> h.createQuery(byDomain).bind("d", "a.example").mapTo(Long.class).one());
        long b = db.read(h -> h.createQuery(byDomain).bind("d", "b.example").mapTo(Long.class).one());
        assertThat(a).isEqualTo(1);
        assertThat(b).isZero();
    }

    @Test
    void manyDifferentStatementsEvictTheOldestWithoutBreakingAnything() {
        addOrganization("a.example");
        for (int i = 0; i < ReadStatementCache.MAX_PER_CONNECTION * 3; i++) {
            String sql = "SELECT COUNT(*) + " + i + " FROM organization";
            long n = db.read(h -> h.createQuery(sql).mapTo(Long.class).one());
            assertThat(n).isEqualTo(1L + i);
        }
        assertThat(count()).isEqualTo(1);
    }

    private String firstDomain() {
        return db.read(h -> h.createQuery(DOMAINS).mapTo(String.class).findFirst().orElseThrow());
    }

    private static Connection physical(Handle h) {
        try {
            return h.getConnection().unwrap(Connection.class);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StatementCustomizer recordInto(List<Statement> used) {
        return new StatementCustomizer() {
            @Override
            public void beforeExecution(PreparedStatement stmt, StatementContext ctx) {
                used.add(stmt);
            }
        };
    }
}
