package org.unsilo.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capture writer's statements kept prepared between group transactions ({@link CaptureStatements.Kept}) are
 * reused, see every later commit, and hold no read snapshot between transactions.
 */
class KeptCaptureStatementsTest {

    @TempDir
    Path dir;
    private Database db;
    private final CaptureStatements.Kept kept = new CaptureStatements.Kept();

    @BeforeEach
    void open() {
        db = Database.open("jdbc:sqlite:" + dir.resolve("unsilo.db"));
    }

    @AfterEach
    void close() {
        kept.close();
        db.close();
    }

    private Optional<Long> organizationByKeptStatement(String domain) {
        return db.write(h -> kept.on(h).organizationIdByDomain(domain));
    }

    @Test
    void theStatementsOfOneTransactionServeTheNextAndSeeWhatWasCommittedBetween() {
        CaptureStatements first = db.write(kept::on);
        assertThat(organizationByKeptStatement("example.com")).isEmpty();

        long id = db.write(h -> h.attach(OrganizationDao.class).insert("Example", "example.com", null, 1L)).orElseThrow();

        assertThat(organizationByKeptStatement("example.com")).contains(id);
        assertThat(db.write(kept::on)).as("the same prepared statements, on the one writer connection").isSameAs(first);
    }

    @Test
    void betweenTransactionsTheyHoldNoSnapshot() throws Exception {
        db.write(h -> h.attach(OrganizationDao.class).insert("Example", "example.com", null, 1L));
        assertThat(organizationByKeptStatement("example.com")).isPresent();
        // A statement left mid-result would keep a read transaction open on the writer connection, and a checkpoint
        // that must copy the whole log and start it again would report it as busy.
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("unsilo.db"));
             Statement s = other.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            rs.next();
            assertThat(rs.getInt(1)).as("checkpoint blocked").isZero();
        }
    }

    @Test
    void closedStatementsArePreparedAgain() {
        CaptureStatements first = db.write(kept::on);
        kept.close();
        assertThat(db.write(kept::on)).isNotSameAs(first);
        assertThat(organizationByKeptStatement("example.com")).isEmpty();
    }
}
