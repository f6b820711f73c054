package org.unsilo.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unsilo.App;
import org.unsilo.config.ConfigLoader;
import org.unsilo.store.UserRow;
import org.unsilo.testing.CliRun;

/**
 * The demo data set: as large as asked, the same for the same seed, and with what the web view needs to show —
 * relationships of very different strength, cooling ones, duplicates to review, private conversations, copies,
 * activity, a leaver — all made by the real capture rules.
 */
class DemoGeneratorTest {

    private static final DemoGenerator.Options SMALL = new DemoGenerator.Options(6, 150, 1_200, 42);
    private static final Set<String> NICKNAMES = Set.of("Bob", "Bill", "Liz", "Sam", "Dan", "Kat", "Ali", "Jules");

    @TempDir
    Path dir;

    private App open(String name) {
        return new App(new ConfigLoader(Map.of()).load(null, Map.of(ConfigLoader.DATA_DIR, dir.resolve(name).toString())),
                Clock.systemUTC());
    }

    /** One "today" for every run of a test, so that runs either side of midnight lay out the same dates. */
    private final Clock today = Clock.fixed(Instant.now(), ZoneOffset.UTC);

    private DemoGenerator.Report generate(App app, DemoGenerator.Options options) {
        return new DemoGenerator(app.users(), app.captures(), app.leavers(), app.db(), today).generate(options, n -> { });
    }

    private static long count(App app, String sql) {
        return app.db().read(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static List<String> strings(App app, String sql) {
        return app.db().read(h -> h.createQuery(sql).mapTo(String.class).list());
    }

    /** What a seed decides: every contact's name, addresses and title, and every message's subject, time and parties. */
    private static List<String> fingerprint(App app) {
        List<String> out = new ArrayList<>(strings(app, "SELECT c.display_name || '|' || COALESCE(c.title, '') || '|' ||"
                + " (SELECT GROUP_CONCAT(address, ',') FROM (SELECT address FROM contact_email e WHERE e.contact_id = c.id"
                + " ORDER BY address)) FROM contact c ORDER BY 1"));
        out.addAll(strings(app, "SELECT COALESCE(m.subject, '') || '|' || (m.sent_at / 86400000) || '|' || m.private || '|' ||"
                + " (SELECT GROUP_CONCAT(address, ',') FROM (SELECT address FROM message_party p WHERE p.message_id = m.id"
                + " ORDER BY address)) FROM message m ORDER BY 1"));
        return out;
    }

    @Test
    void makesWhatWasAskedWithEverythingTheWebViewShows() {
        try (App app = open("a")) {
            DemoGenerator.Report r = generate(app, SMALL);

            assertThat(r.staff()).isEqualTo(6);
            assertThat(r.contacts()).isEqualTo(150);
            assertThat(r.messages()).isEqualTo(1_200);
            assertThat(count(app, "SELECT COUNT(*) FROM app_user")).isEqualTo(6);
            assertThat(count(app, "SELECT COUNT(*) FROM user_email")).as("every staff member has an alias").isEqualTo(12);
            assertThat(count(app, "SELECT COUNT(*) FROM contact WHERE merged_into IS NULL")).isEqualTo(150);
            assertThat(count(app, "SELECT COUNT(*) FROM message")).isEqualTo(1_200);
            assertThat(count(app, "SELECT COUNT(*) FROM message_copy")).isEqualTo(1_200 + r.copies());
            assertThat(r.copies()).isPositive();
            assertThat(count(app, "SELECT COUNT(*) FROM message WHERE private = 1")).isEqualTo(r.privateMessages()).isPositive();
            assertThat(count(app, "SELECT COUNT(*) FROM message p WHERE p.private = 1 AND EXISTS (SELECT 1 FROM message m"
                    + " WHERE m.private = 0 AND m.subject_norm = p.subject_norm)"))
                    .as("private conversations have subjects of their own (a page can be searched for them)").isZero();
            assertThat(count(app, "SELECT COUNT(*) FROM organization")).isEqualTo(r.organizations());
            assertThat(count(app, "SELECT COUNT(*) FROM organization WHERE domain LIKE 'mail.%'"))
                    .as("organisations are filed under their registrable domain").isZero();
            assertThat(count(app, "SELECT COUNT(*) FROM contact WHERE organization_id IS NULL")).as("free-mail contacts").isPositive();
            assertThat(count(app, "SELECT COUNT(*) FROM contact WHERE title IS NOT NULL")).as("titles from signatures").isPositive();
            assertThat(app.users().findByEmail(r.adminEmail()).map(UserRow::isAdmin)).contains(true);
            assertThat(r.departed()).isEqualTo(1);
            List<UserRow> left = app.users().list(0, 100).stream().filter(u -> !u.isActive()).toList();
            assertThat(left).as("one colleague left").hasSize(1);
            assertThat(app.leavers().openCount(left.get(0).id())).as("with relationships to hand over").isPositive();

            // Strong and faint relationships, and strong ones gone quiet.
            double strongest = app.db().read(h -> h.createQuery("SELECT MAX(score) FROM relationship").mapTo(Double.class).one());
            double faintest = app.db().read(h -> h.createQuery("SELECT MIN(score) FROM relationship").mapTo(Double.class).one());
            assertThat(strongest / faintest).isGreaterThan(20);
            long cooling = 0;
            for (UserRow u : app.users().list(0, 100)) {
                cooling += app.relationships().cooling(u.id()).size();
            }
            assertThat(cooling).isPositive();

            // Duplicates: two in three people with a second address kept their name there (the web view's duplicate
            // review finds them by it); the others use a variant (an initial or a nickname) and have a namesake too.
            List<String> names = strings(app, "SELECT display_name FROM contact");
            List<String> variants = names.stream().filter(n -> n.matches("[A-Z]\\. .*") || NICKNAMES.contains(n.split(" ")[0])).toList();
            assertThat(variants).hasSize(r.duplicatePeople() / 3);
            long sameName = count(app, "SELECT COUNT(*) FROM (SELECT LOWER(display_name) FROM contact GROUP BY LOWER(display_name)"
                    + " HAVING COUNT(*) > 1) AS named");
            assertThat(sameName).isGreaterThanOrEqualTo(r.duplicatePeople() - r.duplicatePeople() / 3).isGreaterThanOrEqualTo(2);
            for (String v : variants) {
                String surname = v.split(" ", 2)[1];
                assertThat(names).as("a namesake of %s", v)
                        .anyMatch(n -> !n.equals(v) && n.endsWith(" " + surname) && n.charAt(0) == v.charAt(0));
            }

            // Use of the product for the adoption figures.
            assertThat(count(app, "SELECT COUNT(*) FROM activity")).isEqualTo(r.activityRows());
            assertThat(strings(app, "SELECT DISTINCT kind FROM activity")).contains("capture", "lookup", "login");
        }
    }

    @Test
    void theSameSeedMakesTheSameDataAndAnotherSeedOtherData() {
        DemoGenerator.Options options = new DemoGenerator.Options(4, 80, 400, 7);
        List<String> first;
        try (App app = open("first")) {
            generate(app, options);
            first = fingerprint(app);
        }
        assertThat(first).hasSize(80 + 400);
        try (App app = open("second")) {
            generate(app, options);
            assertThat(fingerprint(app)).isEqualTo(first);
        }
        try (App app = open("other")) {
            generate(app, new DemoGenerator.Options(4, 80, 400, 8));
            assertThat(fingerprint(app)).isNotEqualTo(first);
        }
    }

    @Test
    void onlyAnEmptyDatabaseGetsDemoData() {
        try (App app = open("twice")) {
            generate(app, new DemoGenerator.Options(2, 5, 10, 1));
            assertThatThrownBy(() -> generate(app, new DemoGenerator.Options(2, 5, 10, 2)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("empty");
        }
        assertThatThrownBy(() -> new DemoGenerator.Options(2, 50, 10, 1)).hasMessageContaining("at least the number of contacts");
    }

    @Test
    void theCommandLineMakesDemoDataAndPrintsAnAdminToken() {
        String dataDir = dir.resolve("cli").toString();

        CliRun.Result run = CliRun.run("demo", "--staff", "3", "--contacts", "20", "--messages", "60", "--seed", "5",
                "--data-dir", dataDir);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Generated 3 staff (1 of them just left)").contains("20 contacts").contains("60 messages");
        assertThat(run.lastLine()).startsWith("uns_");
        // The admin can sign in to the web view with the password printed.
        List<String> lines = run.outLines();
        int at = lines.indexOf(lines.stream().filter(l -> l.startsWith("Sign in to the web view as ")).findFirst().orElseThrow());
        String password = lines.get(at + 1).strip();
        try (App app = open("cli")) {
            String adminEmail = lines.get(at).substring("Sign in to the web view as ".length()).split(" ")[0];
            assertThat(app.passwords().verify(app.users().findByEmail(adminEmail), password)).isPresent();
            assertThat(app.passwords().verify(app.users().findByEmail(adminEmail), password + "x")).isEmpty();
        }
        CliRun.Result again = CliRun.run("demo", "--data-dir", dataDir);
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("empty");
        assertThat(CliRun.run("demo", "--contacts", "20", "--messages", "10", "--data-dir", dataDir).exitCode()).isEqualTo(2);
    }
}
