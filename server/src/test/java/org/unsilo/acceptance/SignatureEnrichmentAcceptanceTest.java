package org.unsilo.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.unsilo.capture.CaptureService;
import org.unsilo.testing.TestServer;

/**
 * Signature enrichment on real mail (issue 4, item 6; DESIGN.md §5.8). The cut: one copy of every distinct
 * mail in the Enron tarball whose sender is outside enron.com and whose text has something like a phone
 * number in it (about 700 of 2,900 files: signatures, but also prose, disclaimers, press contacts, travel
 * bookings), plus the first {@value #ENRON_FILES} enron.com files that mention a Houston (713) number, so
 * that colleagues' signatures are in the cut too. All of it is captured with enron.com internal, then the
 * test checks what enrichment took against the files, with its own reading of them:
 * <ul>
 *   <li>phone numbers were found for outside contacts at all (how many is printed);</li>
 *   <li>for a sample of enriched contacts, the recorded source message was sent by that contact and its
 *       text holds the number's digits on one line, above any quoted or forwarded part and a few lines
 *       under a line that names the sender (so a press contact's or colleague's number would fail);
 *       titles and company names taken appear in that text too;</li>
 *   <li>nothing was taken from a message sent from enron.com: staff are not contacts.</li>
 * </ul>
 */
@Tag("acceptance")
class SignatureEnrichmentAcceptanceTest {

    private static final String TARBALL = "data/enron/enron-westgas-8users-maildir.tar.gz";
    private static final String INTERNAL_DOMAIN = "enron.com";
    private static final int SAMPLE = 20;
    /** Colleagues' mail in the cut: the first files (in path order) that mention a 713 number. */
    private static final int ENRON_FILES = 300;
    /** How far above a number or title the sender's name may be: a signature block's height. */
    private static final int NAME_ABOVE_LINES = 8;
    private static final java.util.Set<String> NOT_NAMES = java.util.Set.of("the", "and", "for", "inc", "ltd", "llc",
            "tel", "fax", "phone", "cell", "mobile", "office", "direct", "suite", "street", "email", "mail");
    private static final int BATCH = 250;
    /** The first From header of a raw file, read without a MIME parser just to choose the cut. */
    private static final Pattern FROM = Pattern.compile("(?m)^From:\\s*(.*)$");
    /** Anything that might be a phone number, by a loose rule of this test's own (dates and prices too). */
    private static final Pattern PHONE_LIKE = Pattern.compile("\\d{3}\\D{1,3}\\d{3}\\D{1,2}\\d{4}|\\+\\s?\\d{2}");
    private static final Pattern HOUSTON_NUMBER = Pattern.compile("\\(?713\\)?[-. ]?\\d{3}[-. ]\\d{4}");
    /** Where quoted or forwarded text begins, by this test's own simple reading (independent of the server's). */
    private static final Pattern QUOTED = Pattern.compile(
            "^\\s*(?:>|-+\\s*Original Message|From:|.*Forwarded by|On .*wrote:)", Pattern.CASE_INSENSITIVE);

    private static TestServer server;
    private static final List<EnronMessage> CUT = new ArrayList<>();
    private static final Map<Long, EnronMessage> SOURCE_BY_MESSAGE = new HashMap<>();
    private static int externalFiles;
    private static int externalInCut;
    private static int enronFiles;
    private static int enronFilesWithNumbers;

    private record Taken(long contactId, String field, String value, String label, long messageId, String fromAddress) {
    }

    @BeforeAll
    static void captureTheCut() {
        long started = System.nanoTime();
        java.util.Set<ContentKey> seen = new java.util.HashSet<>();
        EnronSample.stream(SharedData.file(TARBALL), (path, raw) -> {
            String head = new String(raw, 0, Math.min(raw.length, 4096), StandardCharsets.ISO_8859_1);
            Matcher from = FROM.matcher(head);
            if (!from.find()) {
                return;
            }
            boolean internal = from.group(1).toLowerCase(Locale.ROOT).contains("@" + INTERNAL_DOMAIN);
            if (!internal) {
                externalFiles++;
                // Copies of one mail (several folders and mailboxes) fold into one message; capturing one
                // copy is enough for enrichment, which reads only new messages. Mail without anything
                // that looks like a phone number cannot give one: leaving it out keeps the run short.
                EnronMessage m = EnronMessage.parse(path, raw);
                if (seen.add(m.contentKey()) && PHONE_LIKE.matcher(m.body()).find()) {
                    CUT.add(m);
                    externalInCut++;
                }
            } else if (enronFiles < ENRON_FILES
                    && HOUSTON_NUMBER.matcher(new String(raw, StandardCharsets.ISO_8859_1)).find()) {
                EnronMessage m = EnronMessage.parse(path, raw);
                CUT.add(m);
                enronFiles++;
                if (HOUSTON_NUMBER.matcher(m.body()).find()) {
                    enronFilesWithNumbers++;
                }
            }
        });
        long read = System.nanoTime();
        server = TestServer.start(Map.of("UNSILO_INTERNAL_DOMAINS", INTERNAL_DOMAIN));
        Map<String, Long> userByOwner = new TreeMap<>();
        for (EnronMessage m : CUT) {
            userByOwner.computeIfAbsent(m.owner(), owner -> server.app().users()
                    .create(server.admin().id(), owner + "@import.unsilo.test", owner, "member").id());
        }
        // The import path: many captures per transaction.
        for (int i = 0; i < CUT.size(); i += BATCH) {
            List<EnronMessage> batch = CUT.subList(i, Math.min(CUT.size(), i + BATCH));
            List<CaptureService.Attempt> attempts = server.app().captures().captureAll(
                    batch.stream().map(m -> m.toCapture(userByOwner.get(m.owner()))).toList(), h -> { });
            for (int k = 0; k < attempts.size(); k++) {
                CaptureService.Attempt a = attempts.get(k);
                assertThat(a.error()).as("capture of %s", batch.get(k).path()).isNull();
                if (a.result().created()) {
                    EnronMessage source = batch.stream().filter(m -> m.messageId().equals(a.capture().internetMessageId()))
                            .findFirst().orElseThrow();
                    SOURCE_BY_MESSAGE.put(a.result().message().id(), source);
                }
            }
        }
        System.out.printf(Locale.ROOT, "Signature enrichment cut: %d files from outside senders, %d distinct mails of "
                        + "theirs with something like a phone number; %d enron.com files with a 713 number (%d in the body "
                        + "text); %d messages stored; read %d ms, captured %d ms%n",
                externalFiles, externalInCut, enronFiles, enronFilesWithNumbers, SOURCE_BY_MESSAGE.size(),
                (read - started) / 1_000_000, (System.nanoTime() - read) / 1_000_000);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Every value enrichment took, with the sender of its source message, straight from the tables. */
    private static List<Taken> taken() {
        return server.app().db().read(h -> h.createQuery(
                        "SELECT e.contact_id, e.field, e.value, e.label, e.message_id, m.from_address"
                                + " FROM contact_enrichment e JOIN message m ON m.id = e.message_id ORDER BY e.contact_id, e.id")
                .map((rs, ctx) -> new Taken(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), rs.getString(6)))
                .list());
    }

    private static long scalar(String sql) {
        return server.app().db().read(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    @Test
    void theCutHasOutsideSendersAndColleaguesWithNumbers() {
        assertThat(externalFiles).as("files from outside senders").isGreaterThan(300);
        assertThat(externalInCut).as("distinct outside mails with a number in the cut").isGreaterThan(300);
        assertThat(enronFilesWithNumbers).as("enron.com files with a 713 number in the text").isGreaterThan(50);
    }

    @Test
    void phoneNumbersAreFoundForOutsideContacts() {
        List<Taken> all = taken();
        long contactsWithPhones = all.stream().filter(t -> t.field().equals("phone")).map(Taken::contactId).distinct().count();
        Map<String, Long> byField = new TreeMap<>();
        all.forEach(t -> byField.merge(t.field() + (t.label() == null ? "" : "/" + t.label()), 1L, Long::sum));
        System.out.printf(Locale.ROOT, "Signature enrichment: %d outside contacts got phones from signatures "
                        + "(of %d contacts); values taken by field/label: %s%n",
                contactsWithPhones, scalar("SELECT COUNT(*) FROM contact"), byField);
        all.stream().filter(t -> !t.field().equals("phone"))
                .forEach(t -> System.out.println("  " + t.field() + ": " + t.value() + "  <- " + t.fromAddress()));
        assertThat(contactsWithPhones).as("outside contacts with phones from signatures").isPositive();
        // What enrichment recorded is what the contacts show.
        assertThat(scalar("SELECT COUNT(*) FROM contact WHERE phones <> '[]'")).isEqualTo(contactsWithPhones);
    }

    @Test
    void everyValueCameFromAMessageTheContactSent() {
        List<Taken> all = taken();
        assertThat(all).isNotEmpty();
        for (Taken t : all) {
            long owns = server.app().db().read(h -> h.createQuery(
                            "SELECT COUNT(*) FROM contact_email WHERE contact_id = :c AND address = :a")
                    .bind("c", t.contactId()).bind("a", t.fromAddress()).mapTo(Long.class).one());
            assertThat(owns).as("%s taken for contact %d from a message sent by %s", t.value(), t.contactId(), t.fromAddress())
                    .isEqualTo(1);
        }
    }

    @Test
    void nothingWasTakenFromColleagues() {
        assertThat(taken()).extracting(Taken::fromAddress).noneMatch(SignatureEnrichmentAcceptanceTest::isInternal);
        assertThat(scalar("SELECT COUNT(*) FROM contact_enrichment e JOIN message m ON m.id = e.message_id"
                + " WHERE m.from_address LIKE '%@enron.com' OR m.from_address LIKE '%.enron.com'")).isZero();
        assertThat(scalar("SELECT COUNT(*) FROM contact_email WHERE address LIKE '%enron.com'")).isZero();
    }

    /** The sample: for each of up to {@value #SAMPLE} enriched contacts, every value checked against its source file. */
    @Test
    void aSampleMatchesTheTextOfItsSourceMessage() {
        Map<Long, List<Taken>> byContact = new TreeMap<>();
        taken().forEach(t -> byContact.computeIfAbsent(t.contactId(), k -> new ArrayList<>()).add(t));
        List<Long> withPhones = byContact.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(t -> t.field().equals("phone"))).map(Map.Entry::getKey).toList();
        assertThat(withPhones).isNotEmpty();
        // Evenly spread over the contacts in id order, so the sample does not depend on a run's timing.
        List<Long> sample = new ArrayList<>();
        double step = Math.max(1.0, withPhones.size() / (double) SAMPLE);
        for (double i = 0; i < withPhones.size() && sample.size() < SAMPLE; i += step) {
            sample.add(withPhones.get((int) i));
        }
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (long contact : sample) {
            for (Taken t : byContact.get(contact)) {
                EnronMessage source = SOURCE_BY_MESSAGE.get(t.messageId());
                assertThat(source).as("source file of message %d", t.messageId()).isNotNull();
                assertThat(EnronMessage.lower(source.from())).as("sender of %s", source.path()).isEqualTo(t.fromAddress());
                List<String> own = ownLines(source.body());
                int line = -1;
                for (int i = own.size() - 1; i >= 0 && line < 0; i--) {
                    boolean here = t.field().equals("phone") ? digits(own.get(i)).contains(nationalDigits(t.value()))
                            : own.get(i).contains(t.value());
                    line = here ? i : -1;
                }
                if (line < 0) {
                    wrong.add(t.field() + " " + t.value() + " not in the sender's own text of " + source.path());
                } else if (!t.field().equals("company") && !namesSenderAbove(own, line, t.fromAddress())) {
                    wrong.add(t.field() + " " + t.value() + " is not under a line naming " + t.fromAddress() + " in "
                            + source.path());
                }
                checked++;
            }
        }
        System.out.printf(Locale.ROOT, "Signature enrichment sample: %d contacts, %d values checked against their source files%n",
                sample.size(), checked);
        assertThat(wrong).isEmpty();
    }

    /**
     * Whether the number or title sits just under a line that names the sender, by a rule of this test's
     * own: a capitalised word whose first letters (up to five) are in the address's local part — "Oblander"
     * for soblander@, "Bob" for boba@, "McVicker" for dbmcvick@. Someone else's signature fails it.
     */
    private static boolean namesSenderAbove(List<String> own, int line, String address) {
        String local = address.substring(0, address.indexOf('@')).toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        int nonBlank = 0;
        for (int i = line; i >= 0 && nonBlank <= NAME_ABOVE_LINES; i--) {
            if (own.get(i).isBlank()) {
                continue;
            }
            nonBlank++;
            for (String word : own.get(i).split("[^\\p{L}]+")) {
                if (word.length() >= 3 && Character.isUpperCase(word.charAt(0)) && !NOT_NAMES.contains(word.toLowerCase(Locale.ROOT))
                        && local.contains(word.substring(0, Math.min(5, word.length())).toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The lines of a body above the first quoted or forwarded part. */
    private static List<String> ownLines(String body) {
        List<String> own = new ArrayList<>();
        for (String line : body.split("\\r?\\n")) {
            if (QUOTED.matcher(line).find()) {
                break;
            }
            own.add(line);
        }
        return own;
    }

    /** "+1 713-555-0142 ext. 12" → "713555014212": the number as written at home, with its extension. */
    private static String nationalDigits(String international) {
        assertThat(international).as("international format").startsWith("+").contains(" ");
        return digits(international.substring(international.indexOf(' ')));
    }

    private static String digits(String s) {
        return s.replaceAll("\\D", "");
    }

    private static boolean isInternal(String address) {
        String domain = address.substring(address.lastIndexOf('@') + 1);
        return domain.equals(INTERNAL_DOMAIN) || domain.endsWith("." + INTERNAL_DOMAIN);
    }
}
