package org.unsilo.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.unsilo.importer.ImportProgress;
import org.unsilo.store.ConnectionRow;
import org.unsilo.store.SyncRoundRow;
import org.unsilo.sync.Provider;
import org.unsilo.sync.SyncService;
import org.unsilo.testing.LogCapture;
import org.unsilo.testing.TestServer;

/**
 * Mailbox sync end to end: the real Graph SDK and Google API clients against {@link ProviderStub}, which serves the
 * recorded payloads of {@code ../shared/data/api-samples/}; a real server on a real SQLite file. Every expected count
 * is derived here from those files, never copied from a run.
 */
@Tag("acceptance")
class MailboxSyncAcceptanceTest {

    private static final String[] DOCS_PAGES = {"messages.delta.docs-example1-1-nextLink.json",
            "messages.delta.docs-example1-2-nextLink.json", "messages.delta.docs-example1-3-deltaLink.json"};
    private static final String DOCS_NEXT_ROUND = "messages.delta.docs-example1-4-nextround-removed-deltaLink.json";
    private static final String[] NANGO_PAGES = {"me.mailFolders.inbox.messages.delta.page1-nextLink.nango.json",
            "me.mailFolders.inbox.messages.delta.page2-deltaLink.nango.json"};

    private static ProviderStub stub;

    @BeforeAll
    static void startStub() {
        stub = new ProviderStub();
    }

    @AfterAll
    static void stopStub() {
        stub.close();
    }

    // --- what the files hold

    /**
     * The messages of Graph pages that are not {@code @removed} and not drafts, as the capture rules (README, "How
     * captures are turned into contacts") count them: one per Internet Message-ID or provider id, and copies with the
     * same sender, recipients, minute, subject without RE:/FW: and text (none: Mail.ReadBasic reads no bodies) are one.
     */
    private static Set<String> graphKeys(String... files) {
        Distinct d = new Distinct();
        for (String f : files) {
            for (JsonNode m : ProviderStub.read(ProviderStub.GRAPH + f).get("value")) {
                if (m.has("@removed") || m.path("isDraft").asBoolean(false)) {
                    continue;
                }
                JsonNode sender = m.has("from") ? m.get("from") : m.get("sender");
                List<String> to = new java.util.ArrayList<>();
                for (String field : List.of("toRecipients", "ccRecipients")) {
                    m.path(field).forEach(r -> to.add(r.path("emailAddress").path("address").asText()));
                }
                String when = m.hasNonNull("sentDateTime") ? m.get("sentDateTime").asText().substring(0, 16) : "no date";
                d.add(m.hasNonNull("internetMessageId") ? m.get("internetMessageId").asText() : null, "graph:" + m.get("id").asText(),
                        sender.path("emailAddress").path("address").asText(), to, when, m.path("subject").asText(), null);
            }
        }
        return d.keys;
    }

    /** Message-ID, provider id, then content fingerprint: the first key of each distinct message. */
    private static final class Distinct {
        final Set<String> keys = new LinkedHashSet<>();
        int count;
        private final Set<String> seen = new java.util.HashSet<>();

        void add(String messageId, String providerId, String from, List<String> to, String minute, String subject, String text) {
            count++;
            List<String> sorted = new java.util.ArrayList<>();
            to.forEach(a -> sorted.add(a.toLowerCase(Locale.ROOT)));
            java.util.Collections.sort(sorted);
            String fingerprint = from.toLowerCase(Locale.ROOT) + "|" + sorted + "|" + minute + "|"
                    + subject.replaceFirst("(?i)^((re|fw|fwd)\\s*:\\s*)+", "").strip().toLowerCase(Locale.ROOT) + "|" + text;
            String mid = messageId == null ? null : messageId.strip().toLowerCase(Locale.ROOT);
            if ((mid == null || !seen.contains(mid)) && !seen.contains(providerId) && !seen.contains(fingerprint)) {
                keys.add(mid != null ? mid : providerId);
            }
            if (mid != null) {
                seen.add(mid);
            }
            seen.add(providerId);
            seen.add(fingerprint);
        }
    }

    private static long removedIn(String file) {
        long n = 0;
        for (JsonNode m : ProviderStub.read(ProviderStub.GRAPH + file).get("value")) {
            n += m.has("@removed") ? 1 : 0;
        }
        return n;
    }

    /** Gmail messages in Inbox or Sent (the default labels), distinct by the capture rules (see {@link #graphKeys}). */
    private static Distinct gmailKeys() {
        Distinct d = new Distinct();
        for (JsonNode m : ProviderStub.read(ProviderStub.GOOGLE + "gmail.messages.get.format-metadata.all100.nango.json")) {
            Set<String> labels = new LinkedHashSet<>();
            m.get("labelIds").forEach(l -> labels.add(l.asText()));
            if (!labels.contains("INBOX") && !labels.contains("SENT")) {
                continue;
            }
            Map<String, String> headers = new HashMap<>();
            for (JsonNode h : m.path("payload").path("headers")) {
                headers.putIfAbsent(h.get("name").asText().toLowerCase(Locale.ROOT), h.get("value").asText());
            }
            List<String> to = new java.util.ArrayList<>(addresses(headers.get("to")));
            to.addAll(addresses(headers.get("cc")));
            String minute = java.time.Instant.ofEpochMilli(m.get("internalDate").asLong()).toString().substring(0, 16);
            d.add(headers.get("message-id"), "gmail:" + m.get("id").asText(), addresses(headers.get("from")).get(0), to, minute,
                    headers.getOrDefault("subject", ""), m.path("snippet").asText());
        }
        return d;
    }

    private static List<String> addresses(String header) {
        if (header == null) {
            return List.of();
        }
        try {
            List<String> out = new java.util.ArrayList<>();
            for (jakarta.mail.internet.InternetAddress a : jakarta.mail.internet.InternetAddress.parseHeader(header, false)) {
                out.add(a.getAddress());
            }
            return out;
        } catch (jakarta.mail.internet.AddressException e) {
            return List.of(header);
        }
    }

    private static long entries(String file, String field) {
        return ProviderStub.read(ProviderStub.GOOGLE + file).path(field).size();
    }

    // --- helpers

    private static TestServer server() {
        return TestServer.start(stub.settings());
    }

    private static ConnectionRow connect(TestServer s, String email, Provider p, String refresh, ProviderStub.GraphSet set) {
        TestServer.Staff staff = s.staff(email, email.substring(0, email.indexOf('@')));
        stub.account(refresh, "at-" + refresh, set);
        return s.app().connections().connect(staff.id(), p, refresh);
    }

    private static ConnectionRow inboxOnly(TestServer s, ConnectionRow c) {
        s.app().connections().setFolders(c.id(), List.of("inbox"));
        return s.app().connections().find(c.id()).orElseThrow();
    }

    private static SyncService.RoundResult round(TestServer s, ConnectionRow c) {
        return s.app().sync().runRound(c.id(), ImportProgress.NONE);
    }

    private static long messagesOf(TestServer s, ConnectionRow c) {
        return s.app().db().read(h -> h.createQuery("SELECT COUNT(*) FROM message_copy WHERE user_id = :u")
                .bind("u", c.userId()).mapTo(Long.class).one());
    }

    private static long allMessages(TestServer s) {
        return s.stats().get("messages").asLong();
    }

    // --- the recorded rounds

    @Test
    void theDocumentedFourPageGraphRoundThenTheNextRoundWithRemoved() {
        try (TestServer s = server()) {
            ConnectionRow c = inboxOnly(s, connect(s, "dana.docs@unsilo.test", Provider.MICROSOFT, "rt-docs-1", ProviderStub.GraphSet.DOCS));
            SyncService.RoundResult first = round(s, c);
            assertThat(first.outcome()).as(first.message()).isEqualTo(SyncService.Outcome.COMPLETE);
            Set<String> expected = graphKeys(DOCS_PAGES);
            assertThat(first.round().messagesNew()).isEqualTo(expected.size());
            assertThat(first.round().messagesFetched()).isEqualTo(expected.size());
            assertThat(messagesOf(s, c)).isEqualTo(expected.size());
            // contacts delta: the /me/contacts page then contact.get
            long contacts = ProviderStub.read(ProviderStub.GRAPH + "me.contacts.list.docs-beta.json").get("value").size() + 1;
            assertThat(first.round().contactsFetched()).isEqualTo(contacts);
            assertThat(first.round().contactsStored()).isEqualTo(contacts);
            JsonNode alex = s.lookup(s.adminToken(), "Alex@FineArtSchool.net").json().get("results").get(0);
            assertThat(alex.get("known").asBoolean()).isTrue();
            assertThat(alex.path("contact").path("name").asText()).isEqualTo("Alex Wilber");
            assertThat(s.get("/api/v1/me/connections", null).status()).isEqualTo(401);

            SyncService.RoundResult second = round(s, c);
            assertThat(second.outcome()).isEqualTo(SyncService.Outcome.COMPLETE);
            assertThat(second.round().messagesRemoved()).isEqualTo(removedIn(DOCS_NEXT_ROUND));
            assertThat(second.round().messagesNew()).isZero();
            Set<String> all = graphKeys(DOCS_PAGES);
            all.addAll(graphKeys(DOCS_NEXT_ROUND));
            assertThat(messagesOf(s, c)).isEqualTo(all.size());
            assertThat(s.app().connections().find(c.id()).orElseThrow().status()).isEqualTo("healthy");
        }
    }

    @Test
    void nangoInboxDeltaPages() {
        try (TestServer s = server()) {
            ConnectionRow c = inboxOnly(s, connect(s, "nango.user@unsilo.test", Provider.MICROSOFT, "rt-nango-1", ProviderStub.GraphSet.NANGO));
            SyncService.RoundResult r = round(s, c);
            assertThat(r.outcome()).as(r.message()).isEqualTo(SyncService.Outcome.COMPLETE);
            Set<String> expected = graphKeys(NANGO_PAGES);
            assertThat(messagesOf(s, c)).isEqualTo(expected.size());
            assertThat(r.round().messagesNew()).isEqualTo(expected.size());
            assertThat(stub.authorizations).contains("Bearer at-rt-nango-1");
        }
    }

    @Test
    void gmailMetadataBatchedThenHistoryAndPeople() {
        try (TestServer s = server()) {
            ConnectionRow c = connect(s, "gmail.user@unsilo.test", Provider.GOOGLE, "rt-gmail-1", null);
            long batchesBefore = stub.count("POST /batch/gmail/v1");
            SyncService.RoundResult first = round(s, c);
            assertThat(first.outcome()).as(first.message()).isEqualTo(SyncService.Outcome.COMPLETE);
            Set<String> expected = gmailKeys().keys;
            assertThat(messagesOf(s, c)).isEqualTo(expected.size());
            assertThat(allMessages(s)).isEqualTo(expected.size());
            assertThat(stub.count("POST /batch/gmail/v1") - batchesBefore).as("one batch per listed page").isEqualTo(1);
            assertThat(stub.requests).anyMatch(r -> r.contains("format=metadata") && r.contains("metadataHeaders=Message-ID"));
            long people = entries("people.connections.list.page1-nextPageToken.amp-labs.json", "connections")
                    + entries("people.connections.list.page2-last.amp-labs.json", "connections")
                    + entries("people.otherContacts.list.amp-labs.json", "otherContacts");
            assertThat(first.round().contactsFetched()).isEqualTo(people);
            assertThat(first.round().contactsStored()).isEqualTo(people);

            SyncService.RoundResult second = round(s, c);
            assertThat(second.outcome()).as(second.message()).isEqualTo(SyncService.Outcome.COMPLETE);
            assertThat(stub.requests).anyMatch(r -> r.contains("/gmail/v1/users/me/history") && r.contains("starthistoryid="
                    + ProviderStub.read(ProviderStub.GOOGLE + "gmail.users.getProfile.nango.json").get("historyId").asText()));
            assertThat(allMessages(s)).as("history of messages already stored adds nothing").isEqualTo(expected.size());
        }
    }

    // --- faults

    @Test
    void a429WithRetryAfterIsWaitedOutAndTheRoundCompletes() {
        try (TestServer s = server()) {
            ConnectionRow c = inboxOnly(s, connect(s, "retry.user@unsilo.test", Provider.MICROSOFT, "rt-429", ProviderStub.GraphSet.NANGO));
            long before = stub.count("/v1.0/me/mailfolders/inbox/messages/delta()");
            stub.fault("/v1.0/me/mailfolders/inbox/messages/delta()", 429, Map.of("Retry-After", "1"));
            long t0 = System.nanoTime();
            SyncService.RoundResult r = round(s, c);
            assertThat(r.outcome()).as(r.message()).isEqualTo(SyncService.Outcome.COMPLETE);
            assertThat((System.nanoTime() - t0) / 1_000_000).as("waited for Retry-After").isGreaterThanOrEqualTo(1000);
            assertThat(stub.count("/v1.0/me/mailfolders/inbox/messages/delta()") - before).isEqualTo(2);
            assertThat(messagesOf(s, c)).isEqualTo(graphKeys(NANGO_PAGES).size());
        }
    }

    @Test
    void a410OnTheDeltaLinkRestartsTheRoundWithoutDuplicates() {
        try (TestServer s = server()) {
            ConnectionRow c = inboxOnly(s, connect(s, "gone.user@unsilo.test", Provider.MICROSOFT, "rt-410", ProviderStub.GraphSet.DOCS));
            assertThat(round(s, c).outcome()).isEqualTo(SyncService.Outcome.COMPLETE);
            long stored = messagesOf(s, c);
            long initialBefore = stub.count("/v1.0/me/mailfolders/inbox/messages/delta()");
            stub.fault("$deltatoken=gwcbotmpuognlgxgf1nyunmxy", 410, Map.of());
            SyncService.RoundResult r = round(s, c);
            assertThat(r.outcome()).as(r.message()).isEqualTo(SyncService.Outcome.COMPLETE);
            assertThat(stub.count("/v1.0/me/mailfolders/inbox/messages/delta()") - initialBefore).as("listed from scratch").isEqualTo(1);
            assertThat(r.round().messagesFetched()).isEqualTo(graphKeys(DOCS_PAGES).size());
            assertThat(r.round().messagesNew()).isZero();
            assertThat(messagesOf(s, c)).isEqualTo(stored);
        }
    }

    @Test
    void anExpiredGmailHistoryIdMeansAFullResyncWithoutDuplicates() {
        try (TestServer s = server()) {
            ConnectionRow c = connect(s, "expired.user@unsilo.test", Provider.GOOGLE, "rt-404", null);
            assertThat(round(s, c).outcome()).isEqualTo(SyncService.Outcome.COMPLETE);
            long stored = allMessages(s);
            stub.fault("/gmail/v1/users/me/history", 404, Map.of());
            long listsBefore = stub.count("GET /gmail/v1/users/me/messages");
            SyncService.RoundResult r = round(s, c);
            assertThat(r.outcome()).as(r.message()).isEqualTo(SyncService.Outcome.COMPLETE);
            assertThat(stub.count("GET /gmail/v1/users/me/messages") - listsBefore).as("listed again").isGreaterThanOrEqualTo(1);
            assertThat(r.round().messagesFetched()).as("every Inbox/Sent message listed again").isEqualTo(gmailKeys().count);
            assertThat(r.round().messagesNew()).isZero();
            assertThat(allMessages(s)).isEqualTo(stored);
        }
    }

    @Test
    void aCrashBetweenPagesResumesFromTheLastCommittedCursor() {
        try (TestServer s = server()) {
            ConnectionRow c = inboxOnly(s, connect(s, "crash.user@unsilo.test", Provider.MICROSOFT, "rt-crash", ProviderStub.GraphSet.DOCS));
            long initialBefore = stub.count("/v1.0/me/mailfolders/inbox/messages/delta()");
            // Page 2 of the documented round fails (500 is not retried): page 1 is committed, page 2 is not.
            stub.fault("$skiptoken=gwcbotmpuotqwfcsabkym", 500, Map.of());
            SyncService.RoundResult broken = round(s, c);
            assertThat(broken.outcome()).isEqualTo(SyncService.Outcome.FAILED);
            ConnectionRow afterCrash = s.app().connections().find(c.id()).orElseThrow();
            assertThat(afterCrash.status()).isEqualTo("incomplete");
            assertThat(afterCrash.lastError()).contains("HTTP 500");
            assertThat(messagesOf(s, c)).isEqualTo(graphKeys(DOCS_PAGES[0]).size());

            SyncService.RoundResult resumed = round(s, c);
            assertThat(resumed.outcome()).as(resumed.message()).isEqualTo(SyncService.Outcome.COMPLETE);
            assertThat(stub.count("/v1.0/me/mailfolders/inbox/messages/delta()") - initialBefore).as("not listed again").isEqualTo(1);
            assertThat(broken.round().messagesStored() + resumed.round().messagesStored()).isEqualTo(graphKeys(DOCS_PAGES).size());
            assertThat(messagesOf(s, c)).isEqualTo(graphKeys(DOCS_PAGES).size());
        }
    }

    @Test
    void aRevokedRefreshTokenBreaksThatConnectionOnlyAndNoTokenIsStoredOrLoggedInClear() throws Exception {
        try (LogCapture logs = new LogCapture(); TestServer s = server()) {
            ConnectionRow revoked = inboxOnly(s, connect(s, "revoked.user@unsilo.test", Provider.MICROSOFT, "rt-secret-revoked-7Qz", ProviderStub.GraphSet.NANGO));
            ConnectionRow fine = inboxOnly(s, connect(s, "fine.user@unsilo.test", Provider.MICROSOFT, "rt-secret-fine-9Kx", ProviderStub.GraphSet.DOCS));
            stub.revoke("rt-secret-revoked-7Qz");

            SyncService.RoundResult r = round(s, revoked);
            assertThat(r.outcome()).isEqualTo(SyncService.Outcome.BROKEN);
            ConnectionRow after = s.app().connections().find(revoked.id()).orElseThrow();
            assertThat(after.status()).isEqualTo("broken");
            assertThat(after.lastError()).contains("no longer accepts").contains("connect it again");
            assertThat(round(s, fine).outcome()).isEqualTo(SyncService.Outcome.COMPLETE);
            assertThat(s.app().connections().find(fine.id()).orElseThrow().status()).isEqualTo("healthy");

            JsonNode admin = s.get("/api/v1/admin/connections", s.adminToken()).json().get("items");
            Map<String, JsonNode> byEmail = new HashMap<>();
            admin.forEach(n -> byEmail.put(n.get("userEmail").asText(), n));
            assertThat(byEmail.get("revoked.user@unsilo.test").get("healthy").asBoolean()).isFalse();
            assertThat(byEmail.get("revoked.user@unsilo.test").get("lastError").asText()).contains("no longer accepts");
            assertThat(byEmail.get("fine.user@unsilo.test").get("healthy").asBoolean()).isTrue();

            byte[] raw = rawDatabase(s);
            for (String secret : List.of("rt-secret-revoked-7Qz", "rt-secret-fine-9Kx")) {
                assertThat(new String(raw, StandardCharsets.ISO_8859_1)).doesNotContain(secret);
                assertThat(logs.lines()).noneMatch(l -> l.contains(secret) || l.contains("at-" + secret));
            }
            assertThat(s.dataDir().resolve("secret.key")).exists();
            assertThat(Files.getPosixFilePermissions(s.dataDir().resolve("secret.key")))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    private static byte[] rawDatabase(TestServer s) throws Exception {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (String name : List.of("unsilo.db", "unsilo.db-wal")) {
            Path f = s.dataDir().resolve(name);
            if (Files.exists(f)) {
                all.write(Files.readAllBytes(f));
            }
        }
        return all.toByteArray();
    }

    @Test
    void theUsersNeverCaptureDomainsKeepThoseMessagesOut() {
        try (TestServer s = server()) {
            ConnectionRow c = connect(s, "private.user@unsilo.test", Provider.MICROSOFT, "rt-excl", ProviderStub.GraphSet.NANGO);
            TestServer.Response patched = s.patch("/api/v1/me/connections/" + c.id(), memberToken(s, c),
                    "{\"folders\":[\"inbox\"],\"excludedDomains\":[\"microsoft.com\"]}");
            assertThat(patched.status()).as(patched.body()).isEqualTo(200);
            long excluded = 0;
            long listed = 0;
            for (String f : NANGO_PAGES) {
                for (JsonNode m : ProviderStub.read(ProviderStub.GRAPH + f).get("value")) {
                    listed++;
                    List<String> parties = new java.util.ArrayList<>();
                    parties.add(m.path("from").path("emailAddress").path("address").asText());
                    m.path("toRecipients").forEach(r -> parties.add(r.path("emailAddress").path("address").asText()));
                    m.path("ccRecipients").forEach(r -> parties.add(r.path("emailAddress").path("address").asText()));
                    excluded += parties.stream().map(a -> a.substring(a.indexOf('@') + 1).toLowerCase(Locale.ROOT))
                            .anyMatch(d -> d.equals("microsoft.com") || d.endsWith(".microsoft.com")) ? 1 : 0;
                }
            }
            assertThat(excluded).as("the recording has mail from microsoft.com").isPositive();
            SyncService.RoundResult r = round(s, c);
            assertThat(r.outcome()).as(r.message()).isEqualTo(SyncService.Outcome.COMPLETE);
            assertThat(r.round().messagesFetched()).isEqualTo(listed);
            assertThat(r.round().messagesSkipped()).isEqualTo(excluded);
            assertThat(r.round().messagesStored()).isEqualTo(listed - excluded);
            long fromExcluded = s.app().db().read(h -> h.createQuery("SELECT COUNT(*) FROM message_party p JOIN message_copy c"
                    + " ON c.message_id = p.message_id WHERE c.user_id = :u AND p.address LIKE '%microsoft.com'")
                    .bind("u", c.userId()).mapTo(Long.class).one());
            assertThat(fromExcluded).as("nothing from the excluded domain").isZero();
        }
    }

    @Test
    void aRotatedRefreshTokenIsStoredEncryptedAndUsedNextTime() {
        try (TestServer s = server()) {
            ConnectionRow c = inboxOnly(s, connect(s, "rotate.user@unsilo.test", Provider.MICROSOFT, "rt-rotate-1", ProviderStub.GraphSet.NANGO));
            stub.rotate("rt-rotate-1", "rt-rotate-2");
            assertThat(round(s, c).outcome()).isEqualTo(SyncService.Outcome.COMPLETE);
            ConnectionRow after = s.app().connections().find(c.id()).orElseThrow();
            assertThat(after.refreshToken()).doesNotContain("rt-rotate");
            assertThat(s.app().connections().refreshToken(after)).contains("rt-rotate-2");
            // The old token is now refused by the stub: only the stored new one lets the next round run.
            SyncService.RoundResult next = round(s, after);
            assertThat(next.outcome()).as(next.message()).isEqualTo(SyncService.Outcome.COMPLETE);
        }
    }

    private static String memberToken(TestServer s, ConnectionRow c) {
        return s.app().tokens().create(c.userId(), "prefs").secret();
    }


    // --- scheduling

    @Test
    void scheduledJobsRunInTheBackgroundAndSurviveARestart() throws Exception {
        Path dir = Files.createTempDirectory("unsilo-sync-schedule");
        Map<String, String> settings = new HashMap<>(stub.settings());
        settings.put("UNSILO_SYNC_INTERVAL", "1s");
        settings.put("UNSILO_DATA_DIR", dir.toString());
        long connectionId;
        try (org.unsilo.App app = org.unsilo.testing.TestServer.serve(settings, java.time.Clock.systemUTC())) {
            long user = app.users().create(null, "sched.user@unsilo.test", "Sched User", "member").id();
            stub.account("rt-sched", "at-rt-sched", ProviderStub.GraphSet.NANGO);
            connectionId = app.connections().connect(user, Provider.MICROSOFT, "rt-sched").id();
            app.connections().setFolders(connectionId, List.of("inbox"));
            app.syncScheduler().schedule(connectionId);
            awaitRounds(app, connectionId, 1);
            assertThat(app.connections().find(connectionId).orElseThrow().status()).isIn("healthy", "syncing");
        }
        try (org.unsilo.App again = org.unsilo.testing.TestServer.serve(settings, java.time.Clock.systemUTC())) {
            long job = again.db().read(h -> h.createQuery("SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = 'mailbox-sync'"
                    + " AND task_instance = :id").bind("id", Long.toString(connectionId)).mapTo(Long.class).one());
            assertThat(job).as("the job is in the database, not in memory").isEqualTo(1);
            int before = again.connections().rounds(connectionId, 100).size();
            awaitRounds(again, connectionId, before + 1);
            SyncRoundRow latest = again.connections().rounds(connectionId, 100).stream()
                    .filter(r -> !"running".equals(r.status())).findFirst().orElseThrow();
            assertThat(latest.status()).as(String.valueOf(latest.error())).isEqualTo("complete");
            assertThat(latest.messagesNew()).as("a later round finds nothing new").isZero();
        }
    }

    private static void awaitRounds(org.unsilo.App app, long connectionId, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (app.connections().rounds(connectionId, 100).stream().filter(r -> !"running".equals(r.status())).count() < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no scheduled round within 60 s; rounds: " + app.connections().rounds(connectionId, 100));
            }
            Thread.sleep(100);
        }
    }

    // --- the browser flow

    @Test
    void theConnectFlowUsesPkceAndAStateThatWorksOnce() throws Exception {
        Map<String, String> settings = new HashMap<>(stub.settings());
        settings.put("UNSILO_MICROSOFT_AUTHORITY", stub.url() + "/tenant");
        try (TestServer s = TestServer.start(settings)) {
            TestServer.Staff ann = s.staff("ann.flow@unsilo.test", "Ann Flow");
            TestServer.Response bad = s.post("/api/v1/me/connections", ann.token(), "{\"provider\":\"yahoo\"}");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.contentType()).startsWith("application/problem+json");

            TestServer.Response started = s.post("/api/v1/me/connections", ann.token(), "{\"provider\":\"microsoft\"}");
            assertThat(started.status()).isEqualTo(201);
            URI auth = URI.create(started.json().get("authorizationUrl").asText());
            assertThat(auth.toString()).startsWith(stub.url() + "/tenant/oauth2/v2.0/authorize");
            Map<String, String> q = query(auth);
            assertThat(q.get("code_challenge_method")).isEqualTo("S256");
            assertThat(q.get("scope")).contains("offline_access").contains("Mail.ReadBasic").contains("Contacts.Read");
            assertThat(q.get("redirect_uri")).isEqualTo(s.app().config().baseUrl() + "/oauth/microsoft/callback");

            String callback = "/oauth/microsoft/callback?code=the-code&state=" + q.get("state");
            TestServer.Response done = s.send(HttpRequest.newBuilder(URI.create(s.url(callback))).GET(), null);
            assertThat(done.status()).isEqualTo(302);
            assertThat(done.header("Location")).isEqualTo(s.app().config().baseUrl() + "/settings?connected=microsoft");
            JsonNode mine = s.get("/api/v1/me/connections", ann.token()).json().get("items");
            assertThat(mine).hasSize(1);
            assertThat(mine.get(0).get("status").asText()).isIn("pending", "syncing", "healthy", "incomplete");
            assertThat(mine.get(0).get("healthy").asBoolean()).isEqualTo("healthy".equals(mine.get(0).get("status").asText()));

            // The stub's token endpoint put the verifier it was sent into the refresh token: it must hash to the challenge.
            ConnectionRow row = s.app().connections().find(mine.get(0).get("id").asLong()).orElseThrow();
            String refresh = s.app().connections().refreshToken(row).orElseThrow();
            String verifier = refresh.substring("rt-from-code-the-code-".length());
            String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            assertThat(challenge).isEqualTo(q.get("code_challenge"));

            TestServer.Response replay = s.send(HttpRequest.newBuilder(URI.create(s.url(callback))).GET(), null);
            assertThat(replay.status()).isEqualTo(400);
            assertThat(replay.json().get("detail").asText()).contains("already used");

            assertThat(s.delete("/api/v1/me/connections/" + row.id(), ann.token()).status()).isEqualTo(204);
            assertThat(s.app().connections().find(row.id())).isEmpty();
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
