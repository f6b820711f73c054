package org.unsilo.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.unsilo.store.OrganizationDao;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.ProblemAssert;
import org.unsilo.testing.TestJson;
import org.unsilo.testing.TestServer;
import org.unsilo.testing.TwoStaffServer;

/** Contacts and organisations over REST (DESIGN.md §7): CRUD, search with cursors, timeline, merge, who knows whom. */
class ContactsApiTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @RegisterExtension
    static final TwoStaffServer TEAM = new TwoStaffServer();

    private static JsonNode ok(TestServer.Response r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        return r.status() == 204 ? null : r.json();
    }

    private static JsonNode create(Map<String, Object> contact) {
        return ok(TEAM.server().post("/api/v1/contacts", TEAM.alice().token(), TestJson.write(contact)), 201);
    }

    private static JsonNode capture(TestServer.Staff who, CaptureJson c) {
        return ok(TEAM.server().capture(who.token(), c), 201);
    }

    /** Follows nextCursor to the end and returns every item, failing on a cursor loop. */
    private static List<JsonNode> allPages(String path, int limit) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 100; page++) {
            String url = path + (path.contains("?") ? "&" : "?") + "limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor);
            JsonNode body = ok(TEAM.server().get(url, TEAM.alice().token()), 200);
            assertThat(body.path("items").size()).as("page size of %s", url).isLessThanOrEqualTo(limit);
            body.path("items").forEach(items::add);
            if (body.path("nextCursor").isNull()) {
                return items;
            }
            cursor = body.path("nextCursor").asText();
        }
        throw new AssertionError("more than 100 pages: the cursor does not advance");
    }

    private static List<Long> ids(List<JsonNode> items) {
        return items.stream().map(i -> i.path("id").asLong()).toList();
    }

    @Test
    void createReadUpdateDelete() {
        JsonNode created = create(Map.of("name", "Grace Hopper", "title", "Rear Admiral",
                "emails", List.of("Grace@Navy.example"), "phones", List.of("+1 202 555 0100")));
        long id = created.path("id").asLong();
        assertThat(created.path("emails").get(0).asText()).isEqualTo("grace@navy.example");

        JsonNode read = ok(TEAM.server().get("/api/v1/contacts/" + id, TEAM.alice().token()), 200);
        assertThat(read.path("name").asText()).isEqualTo("Grace Hopper");
        assertThat(read.path("title").asText()).isEqualTo("Rear Admiral");
        assertThat(read.path("phones").get(0).asText()).isEqualTo("+1 202 555 0100");

        JsonNode patched = ok(TEAM.server().patch("/api/v1/contacts/" + id, TEAM.alice().token(),
                TestJson.write(Map.of("title", "Commodore", "emails", List.of("grace.h@navy.example")))), 200);
        assertThat(patched.path("title").asText()).isEqualTo("Commodore");
        assertThat(patched.path("name").asText()).as("fields not sent stay as they were").isEqualTo("Grace Hopper");
        assertThat(patched.path("emails").size()).isEqualTo(2);
        ProblemAssert.assertFieldError(TEAM.server().patch("/api/v1/contacts/" + id, TEAM.alice().token(),
                TestJson.write(Map.of("name", "  "))), 400, "name");
        JsonNode cleared = ok(TEAM.server().patch("/api/v1/contacts/" + id, TEAM.alice().token(),
                TestJson.write(Map.of("title", ""))), 200);
        assertThat(cleared.path("title").isNull()).as("an empty title clears it: %s", cleared).isTrue();
        assertThat(cleared.path("name").asText()).isEqualTo("Grace Hopper");

        // An address can belong to one contact only.
        ProblemAssert.assertProblem(TEAM.server().post("/api/v1/contacts", TEAM.alice().token(),
                TestJson.write(Map.of("name", "Copy", "emails", List.of("grace@navy.example")))), 409);

        ok(TEAM.server().delete("/api/v1/contacts/" + id, TEAM.alice().token()), 204);
        ProblemAssert.assertProblem(TEAM.server().get("/api/v1/contacts/" + id, TEAM.alice().token()), 404);
        ProblemAssert.assertProblem(TEAM.server().delete("/api/v1/contacts/" + id, TEAM.alice().token()), 404);
        JsonNode lookup = TEAM.server().lookup(TEAM.alice().token(), "grace@navy.example").json().path("results").get(0);
        assertThat(lookup.path("known").asBoolean()).isFalse();
    }

    @Test
    void aPatchRemovesWhatItSendsAsNullAndKeepsWhatItLeavesOut() {
        JsonNode captured = capture(TEAM.alice(), CaptureJson.from("alice@unsilo.test").toParty("olga@orgless.example", "Olga Orgless"));
        long id = captured.path("contacts").get(0).path("id").asLong();
        long orgId = captured.path("organizations").get(0).path("id").asLong();
        String path = "/api/v1/contacts/" + id;
        ok(TEAM.server().patch(path, TEAM.alice().token(), TestJson.write(Map.of("title", "Buyer",
                "phones", List.of("+1 202 555 0101")))), 200);

        // Left out: kept.
        JsonNode renamed = ok(TEAM.server().patch(path, TEAM.alice().token(), "{\"name\":\"Olga O.\"}"), 200);
        assertThat(renamed.path("organization").path("id").asLong()).isEqualTo(orgId);
        assertThat(renamed.path("title").asText()).isEqualTo("Buyer");
        assertThat(renamed.path("phones").size()).isEqualTo(1);

        // Sent as null: removed, and only that.
        JsonNode orgless = ok(TEAM.server().patch(path, TEAM.alice().token(), "{\"organizationId\":null}"), 200);
        assertThat(orgless.path("organization").isNull()).as("%s", orgless).isTrue();
        assertThat(orgless.path("title").asText()).isEqualTo("Buyer");
        assertThat(orgless.path("name").asText()).isEqualTo("Olga O.");
        JsonNode bare = ok(TEAM.server().patch(path, TEAM.alice().token(), "{\"title\":null,\"phones\":null,\"name\":null}"), 200);
        assertThat(bare.path("title").isNull()).as("%s", bare).isTrue();
        assertThat(bare.path("phones").size()).isZero();
        assertThat(bare.path("name").asText()).as("a name cannot be removed: null keeps it").isEqualTo("Olga O.");
        assertThat(ok(TEAM.server().get(path, TEAM.alice().token()), 200).path("organization").isNull()).isTrue();

        // Set again, the organisation must exist.
        assertThat(ok(TEAM.server().patch(path, TEAM.alice().token(), TestJson.write(Map.of("organizationId", orgId))), 200)
                .path("organization").path("id").asLong()).isEqualTo(orgId);
        ProblemAssert.assertFieldError(TEAM.server().patch(path, TEAM.alice().token(), "{\"organizationId\":987654}"),
                400, "organizationId");

        // The audit log says what the removal took away.
        JsonNode removal = null;
        for (JsonNode e : ok(TEAM.server().get("/api/v1/admin/audit?limit=50", TEAM.server().adminToken()), 200).path("items")) {
            if (e.path("action").asText().equals("contact.update") && e.path("targetId").asText().equals(Long.toString(id))
                    && e.path("after").asText().contains("organizationRemoved")) {
                removal = e;
            }
        }
        assertThat(removal).as("audit entry of the removal").isNotNull();
        assertThat(removal.path("before").asText()).contains("\"organizationId\":" + orgId);
        assertThat(removal.path("after").asText()).isEqualTo("{\"organizationRemoved\":true}");
    }

    /**
     * {@code infoAt} (DESIGN.md §6, the dashboard's "updated" and "stale") on every full contact the API returns: the
     * sent date of the old mail a contact was taken from, whenever it was stored, until a colleague's edit makes it now.
     */
    @Test
    void infoAtIsTheDateOfTheOldMailAContactCameFromUntilAColleagueEditsIt() {
        Instant sent = Instant.parse("2001-05-14T09:30:00Z");
        long id = capture(TEAM.alice(), CaptureJson.from("\"Ivy Archive\" <ivy@archive-mail.example>").to("alice@unsilo.test")
                .sentAt(sent)).path("contacts").get(0).path("id").asLong();
        String path = "/api/v1/contacts/" + id;

        JsonNode read = ok(TEAM.server().get(path, TEAM.alice().token()), 200);
        assertThat(read.path("infoAt").asText()).isEqualTo("2001-05-14T09:30:00Z");
        assertThat(Instant.parse(read.path("updatedAt").asText())).as("stored today").isAfter(NOW.minus(1, ChronoUnit.DAYS));
        List<JsonNode> listed = allPages("/api/v1/contacts?q=archive-mail.example", 50);
        assertThat(listed).singleElement().satisfies(c -> assertThat(c.path("infoAt").asText()).isEqualTo("2001-05-14T09:30:00Z"));
        JsonNode looked = TEAM.server().lookup(TEAM.alice().token(), "ivy@archive-mail.example").json().path("results").get(0);
        assertThat(looked.path("contact").path("infoAt").asText()).isEqualTo("2001-05-14T09:30:00Z");

        JsonNode edited = ok(TEAM.server().patch(path, TEAM.alice().token(), "{\"title\":\"Archivist\"}"), 200);
        Instant editedAt = Instant.parse(edited.path("infoAt").asText());
        assertThat(editedAt).as("an edit is information of its own time").isAfter(NOW.minus(1, ChronoUnit.DAYS))
                .isEqualTo(Instant.parse(edited.path("updatedAt").asText()));
        assertThat(ok(TEAM.server().get(path, TEAM.alice().token()), 200).path("infoAt").asText()).isEqualTo(editedAt.toString());
        assertThat(allPages("/api/v1/contacts?q=archive-mail.example", 50).get(0).path("infoAt").asText())
                .isEqualTo(editedAt.toString());
        assertThat(TEAM.server().lookup(TEAM.alice().token(), "ivy@archive-mail.example").json().path("results").get(0)
                .path("contact").path("infoAt").asText()).isEqualTo(editedAt.toString());
    }

    @Test
    void searchPagesThroughEveryMatchOnceByNameAddressOrOrganisation() {
        Set<Long> expected = new LinkedHashSet<>();
        for (int i = 0; i < 7; i++) {
            JsonNode r = capture(TEAM.alice(), CaptureJson.from("alice@unsilo.test")
                    .to("\"Pager Person" + i + "\" <person" + i + "@umbrella-pages.example>"));
            expected.add(r.path("contacts").get(0).path("id").asLong());
        }
        // Contacts that must not match, placed between the matches in id order.
        capture(TEAM.alice(), CaptureJson.from("alice@unsilo.test").to("someone@elsewhere.example"));

        List<Long> byName = ids(allPages("/api/v1/contacts?q=pager+person", 3));
        assertThat(byName).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        List<Long> byAddress = ids(allPages("/api/v1/contacts?q=umbrella-pages.example", 2));
        assertThat(byAddress).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        List<Long> byOrganisation = ids(allPages("/api/v1/contacts?q=Umbrella+Pages", 4));
        assertThat(byOrganisation).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        // A page size equal to the number of matches must not promise a next page that is empty... or lose one.
        assertThat(ids(allPages("/api/v1/contacts?q=pager+person", 7))).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(ids(allPages("/api/v1/contacts?q=pager+person", 1))).containsExactlyInAnyOrderElementsOf(expected);

        long orgId = ok(TEAM.server().get("/api/v1/contacts/" + expected.iterator().next(), TEAM.alice().token()), 200)
                .path("organization").path("id").asLong();
        assertThat(ids(allPages("/api/v1/contacts?organization=" + orgId, 5))).containsExactlyInAnyOrderElementsOf(expected);

        ProblemAssert.assertProblem(TEAM.server().get("/api/v1/contacts?cursor=not-a-cursor", TEAM.alice().token()), 400);
        ProblemAssert.assertFieldError(TEAM.server().get("/api/v1/contacts?limit=0", TEAM.alice().token()), 400, "limit");
    }

    @Test
    void theListIsInNameOrderCaseIgnoredWithUnnamedContactsLast() {
        // Created out of order; two names differ in case only, and two contacts have no name at all.
        long noName1 = create(Map.of("emails", List.of("first@zq-order.example"))).path("id").asLong();
        long bravo = create(Map.of("name", "bravo Zq-order")).path("id").asLong();
        long charlie = create(Map.of("name", "Charlie Zq-order")).path("id").asLong();
        long alphaUpper = create(Map.of("name", "Alpha Zq-order")).path("id").asLong();
        long noName2 = create(Map.of("emails", List.of("second@zq-order.example"))).path("id").asLong();
        long alphaLower = create(Map.of("name", "alpha zq-order")).path("id").asLong();
        List<Long> expected = List.of(alphaUpper, alphaLower, bravo, charlie, noName1, noName2);

        // Every page size, so that a page ends at each place: within one name, between names, at the unnamed ones.
        for (int limit = 1; limit <= 7; limit++) {
            assertThat(ids(allPages("/api/v1/contacts?q=zq-order", limit))).as("limit %d", limit).containsExactlyElementsOf(expected);
        }
        // Renamed, a contact moves to its new place.
        ok(TEAM.server().patch("/api/v1/contacts/" + charlie, TEAM.alice().token(), TestJson.write(Map.of("name", "Aaron Zq-order"))), 200);
        assertThat(ids(allPages("/api/v1/contacts?q=zq-order", 4)))
                .containsExactly(charlie, alphaUpper, alphaLower, bravo, noName1, noName2);
    }

    private static List<String> names(List<JsonNode> items) {
        return items.stream().map(i -> i.path("name").asText()).toList();
    }

    private static String query(String q) {
        return java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void accentedAndSpecialLettersSortAndMatchAsThePlainOnes() {
        List<String> inOrder = List.of("Ada Zq-fold", "Émile Zq-fold", "Emma Zq-fold", "Łukasz Zq-fold", "Luke Zq-fold",
                "Ørsted Zq-fold", "Oscar Zq-fold", "Straße Zq-fold", "Strassen Zq-fold", "Zoe Zq-fold");
        List<String> shuffled = new ArrayList<>(inOrder);
        Collections.shuffle(shuffled, new java.util.Random(39));
        shuffled.forEach(name -> create(Map.of("name", name)));

        // Page sizes that end pages next to, and between, the accented names.
        for (int limit = 1; limit <= 4; limit++) {
            assertThat(names(allPages("/api/v1/contacts?q=zq-fold", limit))).as("limit %d", limit).containsExactlyElementsOf(inOrder);
        }
        assertThat(names(allPages("/api/v1/contacts?q=" + query("emile zq-fold"), 10))).containsExactly("Émile Zq-fold");
        assertThat(names(allPages("/api/v1/contacts?q=" + query("ORSTED ZQ-FOLD"), 10))).containsExactly("Ørsted Zq-fold");
        assertThat(names(allPages("/api/v1/contacts?q=" + query("Łukasz  zq-FOLD"), 10))).containsExactly("Łukasz Zq-fold");
        assertThat(names(allPages("/api/v1/contacts?q=" + query("strasse zq"), 10))).containsExactly("Straße Zq-fold");
        assertThat(names(allPages("/api/v1/contacts?q=" + query("STRASSEN"), 10))).containsExactly("Strassen Zq-fold");
    }

    @Test
    void organisationsAndAnOrganisationsPeopleAreInNameOrder() {
        // Created in the order Zürich, Ørsted, Oslo, Acme; id order was the list's order.
        List<String> domains = List.of("zq-orga.example", "zq-orgb.example", "zq-orgc.example", "zq-orgd.example");
        List<String> names = List.of("Zürich Zqorg", "Ørsted Zqorg", "Oslo Zqorg", "Acme Zqorg");
        List<Long> orgs = new ArrayList<>();
        for (int i = 0; i < domains.size(); i++) {
            long org = capture(TEAM.alice(), CaptureJson.from("alice@unsilo.test").to("desk@" + domains.get(i)))
                    .path("organizations").get(0).path("id").asLong();
            ok(TEAM.server().patch("/api/v1/organizations/" + org, TEAM.alice().token(), TestJson.write(Map.of("name", names.get(i)))), 200);
            orgs.add(org);
        }
        for (int limit = 1; limit <= 3; limit++) {
            assertThat(names(allPages("/api/v1/organizations?q=zqorg", limit))).as("limit %d", limit)
                    .containsExactly("Acme Zqorg", "Ørsted Zqorg", "Oslo Zqorg", "Zürich Zqorg");
        }
        assertThat(names(allPages("/api/v1/organizations?q=" + query("ØRSTED"), 10))).containsExactly("Ørsted Zqorg");
        assertThat(names(allPages("/api/v1/organizations?q=zq-orgc", 10))).as("by domain").containsExactly("Oslo Zqorg");
        List<String> everything = names(allPages("/api/v1/organizations", 3));
        assertThat(everything).doesNotHaveDuplicates().containsSubsequence("Acme Zqorg", "Ørsted Zqorg", "Oslo Zqorg", "Zürich Zqorg");
        // A cursor of the id order (a plain id) belongs to no place in the name order.
        ProblemAssert.assertProblem(TEAM.server().get("/api/v1/organizations?cursor="
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("12".getBytes()), TEAM.alice().token()), 400);

        // The people of one organisation: by name, accents read as plain letters, the unnamed last.
        long acme = orgs.get(3);
        long zoe = create(Map.of("name", "Zoe Zqpeople", "organizationId", acme)).path("id").asLong();
        long unnamed = create(Map.of("emails", List.of("nameless@zq-orgd.example"), "organizationId", acme)).path("id").asLong();
        long emile = create(Map.of("name", "Émile Zqpeople", "organizationId", acme)).path("id").asLong();
        long ada = create(Map.of("name", "ada Zqpeople", "organizationId", acme)).path("id").asLong();
        long desk = TEAM.server().lookup(TEAM.alice().token(), "desk@zq-orgd.example").json().path("results").get(0)
                .path("contact").path("id").asLong();
        JsonNode people = ok(TEAM.server().get("/api/v1/organizations/" + acme + "/people", TEAM.alice().token()), 200);
        List<Long> inOrder = new ArrayList<>();
        people.path("contacts").forEach(c -> inOrder.add(c.path("id").asLong()));
        assertThat(inOrder).containsExactly(ada, emile, zoe, desk, unnamed);
    }

    @Test
    void aCursorTheServerDidNotWriteIsRefused() {
        create(Map.of("name", "Cursor Zq-strict"));
        create(Map.of("name", "Cursor Zq-strict"));
        String cursor = ok(TEAM.server().get("/api/v1/contacts?q=zq-strict&limit=1", TEAM.alice().token()), 200)
                .path("nextCursor").asText();
        assertThat(ok(TEAM.server().get("/api/v1/contacts?q=zq-strict&limit=1&cursor=" + cursor, TEAM.alice().token()), 200)
                .path("items").size()).isEqualTo(1);

        java.util.Base64.Encoder base64url = java.util.Base64.getUrlEncoder().withoutPadding();
        String text = new String(java.util.Base64.getUrlDecoder().decode(cursor), java.nio.charset.StandardCharsets.UTF_8);
        List<String> forged = List.of(
                "not-a-cursor",
                base64url.encodeToString("12".getBytes()),                     // a plain id, as the list's cursors were
                java.util.Base64.getUrlEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), // padded
                base64url.encodeToString(("n0" + text.substring(1)).getBytes(java.nio.charset.StandardCharsets.UTF_8)),  // leading zero
                base64url.encodeToString("u12x".getBytes()),
                base64url.encodeToString("nx:Name".getBytes()),
                base64url.encodeToString("n12:A\u0000B".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                base64url.encodeToString(new byte[] {'n', '1', ':', (byte) 0xC3}),  // not UTF-8
                cursor + "A");
        for (String bad : forged) {
            ProblemAssert.assertProblem(TEAM.server().get("/api/v1/contacts?cursor=" + bad, TEAM.alice().token()), 400);
        }
    }

    @Test
    void searchTreatsUnderscoreAndPercentAsPlainCharacters() {
        long jane = create(Map.of("name", "Jane Doe", "emails", List.of("jane_doe@wildcards.example"))).path("id").asLong();
        long other = create(Map.of("name", "Janet Xdoe", "emails", List.of("janexdoe@wildcards.example"))).path("id").asLong();
        long percent = create(Map.of("name", "100% Solutions")).path("id").asLong();
        long bang = create(Map.of("name", "Yahoo! Answers")).path("id").asLong();

        // '_' is a LIKE wildcard; a search for an address with one must find it, and only it.
        assertThat(ids(allPages("/api/v1/contacts?q=jane_doe", 10))).containsExactly(jane);
        assertThat(ids(allPages("/api/v1/contacts?q=e_d", 10))).containsExactly(jane).doesNotContain(other);
        assertThat(ids(allPages("/api/v1/contacts?q=100%25", 10))).containsExactly(percent);
        assertThat(ids(allPages("/api/v1/organizations?q=%25", 10))).isEmpty();
        // '!' is the escape character of the queries, so it must be escaped itself.
        assertThat(ids(allPages("/api/v1/contacts?q=yahoo!", 10))).containsExactly(bang);
    }

    @Test
    void timelineListsTheConversationsNewestFirstAcrossPages() {
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            subjects.add("Timeline step " + i);
            capture(i % 2 == 0 ? TEAM.alice() : TEAM.bob(), CaptureJson.from(i % 2 == 0 ? "tim@timeline.example" : "bob@unsilo.test")
                    .to(i % 2 == 0 ? "alice@unsilo.test" : "tim@timeline.example")
                    .subject("Timeline step " + i).sentAt(NOW.minus(30 - i, ChronoUnit.DAYS)));
        }
        long tim = TEAM.server().lookup(TEAM.alice().token(), "tim@timeline.example").json().path("results").get(0)
                .path("contact").path("id").asLong();

        List<JsonNode> timeline = allPages("/api/v1/contacts/" + tim + "/timeline", 2);

        Collections.reverse(subjects);
        assertThat(timeline.stream().map(t -> t.path("subject").asText()).toList()).containsExactlyElementsOf(subjects);
        assertThat(ids(timeline)).doesNotHaveDuplicates();
        ProblemAssert.assertProblem(TEAM.server().get("/api/v1/contacts/999999/timeline", TEAM.alice().token()), 404);
    }

    @Test
    void aContactWithTwoAddressesOnOneMessageSeesItOnceInTimelineAndLookup() {
        // Timelines walk message_party by contact (V6 index); a contact on a message under two of its addresses has
        // two party rows there, and the message must still be listed once, in order, with the right page cursor.
        long dana = create(Map.of("name", "Dana Double", "emails", List.of("dana@double.example", "d.double@double.example")))
                .path("id").asLong();
        for (int i = 0; i < 4; i++) {
            capture(TEAM.alice(), CaptureJson.from("dana@double.example").to("alice@unsilo.test", "d.double@double.example")
                    .subject("Double " + i).sentAt(NOW.minus(10 - i, ChronoUnit.DAYS)));
        }

        List<JsonNode> timeline = allPages("/api/v1/contacts/" + dana + "/timeline", 3);

        assertThat(timeline.stream().map(t -> t.path("subject").asText()).toList())
                .containsExactly("Double 3", "Double 2", "Double 1", "Double 0");
        JsonNode recent = TEAM.server().lookup(TEAM.alice().token(), "d.double@double.example").json().path("results").get(0)
                .path("recentConversations");
        assertThat(recent.size()).isEqualTo(4);
        assertThat(recent.get(0).path("subject").asText()).isEqualTo("Double 3");
    }

    @Test
    void mergingKeepsEveryAddressAndMessageAndLeavesAPointer() {
        JsonNode first = capture(TEAM.alice(), CaptureJson.from("jon.smith@initech.example").to("alice@unsilo.test")
                .subject("From the work address").sentAt(NOW.minus(3, ChronoUnit.DAYS)));
        JsonNode second = capture(TEAM.bob(), CaptureJson.from("jonny1970@gmail.com").to("bob@unsilo.test")
                .subject("From the private address").sentAt(NOW.minus(2, ChronoUnit.DAYS)));
        long survivor = first.path("contacts").get(0).path("id").asLong();
        long merged = second.path("contacts").get(0).path("id").asLong();
        long contactsBefore = TEAM.server().stats().path("contacts").asLong();

        JsonNode result = ok(TEAM.server().post("/api/v1/contacts/" + survivor + "/merge", TEAM.alice().token(),
                TestJson.write(Map.of("contactIds", List.of(merged)))), 200);

        assertThat(result.path("id").asLong()).isEqualTo(survivor);
        assertThat(result.path("emails").toString()).contains("jon.smith@initech.example", "jonny1970@gmail.com");
        assertThat(TEAM.server().stats().path("contacts").asLong()).isEqualTo(contactsBefore - 1);
        List<JsonNode> timeline = allPages("/api/v1/contacts/" + survivor + "/timeline", 50);
        assertThat(timeline.stream().map(t -> t.path("subject").asText()).toList())
                .containsExactly("From the private address", "From the work address");
        // Both staff members now know the one contact.
        JsonNode lookup = TEAM.server().lookup(TEAM.alice().token(), "jonny1970@gmail.com").json().path("results").get(0);
        assertThat(lookup.path("contact").path("id").asLong()).isEqualTo(survivor);
        assertThat(lookup.path("knownBy").size()).isEqualTo(2);

        TestServer.Response gone = TEAM.server().get("/api/v1/contacts/" + merged, TEAM.alice().token());
        assertThat(gone.status()).isEqualTo(301);
        assertThat(gone.header("Location")).isEqualTo("/api/v1/contacts/" + survivor);
        TestServer.Response goneTimeline = TEAM.server().get("/api/v1/contacts/" + merged + "/timeline", TEAM.alice().token());
        assertThat(goneTimeline.status()).as("not an empty timeline: the conversations moved").isEqualTo(301);
        assertThat(goneTimeline.header("Location")).isEqualTo("/api/v1/contacts/" + survivor + "/timeline");

        JsonNode audit = ok(TEAM.server().get("/api/v1/admin/audit?limit=20", TEAM.server().adminToken()), 200);
        JsonNode entry = null;
        for (JsonNode e : audit.path("items")) {
            if (e.path("action").asText().equals("contact.merge")) {
                entry = e;
                break;
            }
        }
        assertThat(entry).as("merge entry in %s", audit).isNotNull();
        assertThat(entry.path("targetId").asText()).isEqualTo(Long.toString(survivor));
        assertThat(entry.path("actorId").asLong()).isEqualTo(TEAM.alice().id());
        assertThat(entry.path("before").asText()).contains("jonny1970@gmail.com");

        // Merging into itself or merging an already merged contact again is refused.
        ProblemAssert.assertProblem(TEAM.server().post("/api/v1/contacts/" + survivor + "/merge", TEAM.alice().token(),
                TestJson.write(Map.of("contactIds", List.of(survivor)))), 409);
        ProblemAssert.assertProblem(TEAM.server().post("/api/v1/contacts/" + survivor + "/merge", TEAM.alice().token(),
                TestJson.write(Map.of("contactIds", List.of(merged)))), 409);
    }

    @Test
    void organisationsCanBeListedReadRenamedAndShowWhoKnowsWhom() {
        // Alice has three conversations with people at Hooli, Bob one (and more recent): Alice is the one to ask.
        long hooli = 0;
        for (int i = 0; i < 3; i++) {
            JsonNode r = capture(TEAM.alice(), CaptureJson.from("alice@unsilo.test").to("gavin" + i + "@hooli.example")
                    .sentAt(NOW.minus(5 + i, ChronoUnit.DAYS)));
            hooli = r.path("organizations").get(0).path("id").asLong();
        }
        capture(TEAM.bob(), CaptureJson.from("bob@unsilo.test").to("gavin0@hooli.example"));

        List<JsonNode> listed = allPages("/api/v1/organizations?q=hooli", 1);
        assertThat(ids(listed)).containsExactly(hooli);
        assertThat(ids(allPages("/api/v1/organizations", 2))).doesNotHaveDuplicates().contains(hooli);

        JsonNode org = ok(TEAM.server().get("/api/v1/organizations/" + hooli, TEAM.alice().token()), 200);
        assertThat(org.path("domain").asText()).isEqualTo("hooli.example");
        assertThat(org.path("name").asText()).isEqualTo("Hooli");

        JsonNode renamed = ok(TEAM.server().patch("/api/v1/organizations/" + hooli, TEAM.alice().token(),
                TestJson.write(Map.of("name", "Hooli XYZ", "domains", List.of("mail.hooli-xyz.example")))), 200);
        assertThat(renamed.path("name").asText()).isEqualTo("Hooli XYZ");
        assertThat(renamed.path("domains").toString()).contains("hooli-xyz.example");
        // The extra domain is used at once: a new address there joins Hooli.
        JsonNode newcomer = capture(TEAM.alice(), CaptureJson.from("richard@hooli-xyz.example").to("alice@unsilo.test"));
        assertThat(newcomer.path("organizations").get(0).path("id").asLong()).isEqualTo(hooli);

        JsonNode people = ok(TEAM.server().get("/api/v1/organizations/" + hooli + "/people", TEAM.bob().token()), 200);
        assertThat(people.path("organization").path("id").asLong()).isEqualTo(hooli);
        JsonNode knownBy = people.path("knownBy");
        assertThat(knownBy.get(0).path("user").path("email").asText()).isEqualTo("alice@unsilo.test");
        assertThat(knownBy.get(1).path("user").path("email").asText()).isEqualTo("bob@unsilo.test");
        assertThat(knownBy.get(0).path("strength").asDouble()).isGreaterThan(knownBy.get(1).path("strength").asDouble());
        assertThat(knownBy.get(0).path("lastContactAt").asText()).isNotBlank();
        assertThat(TestJson.texts(people.path("contacts"), "name")).hasSize(4);

        ProblemAssert.assertProblem(TEAM.server().get("/api/v1/organizations/424242", TEAM.alice().token()), 404);
        ProblemAssert.assertFieldError(TEAM.server().patch("/api/v1/organizations/" + hooli, TEAM.alice().token(),
                TestJson.write(Map.of("name", " "))), 400, "name");
        // Free-mail and the company's own domain belong to no client organisation: a colleague would show as working there.
        for (String domain : List.of("gmail.com", "unsilo.test", "mail.unsilo.test")) {
            ProblemAssert.assertFieldError(TEAM.server().patch("/api/v1/organizations/" + hooli, TEAM.alice().token(),
                    TestJson.write(Map.of("domains", List.of(domain)))), 400, "domains");
        }
        JsonNode colleague = TEAM.server().lookup(TEAM.bob().token(), "alice@unsilo.test").json().path("results").get(0);
        assertThat(colleague.path("organization").isNull()).as("%s", colleague).isTrue();
        assertThat(ok(TEAM.server().get("/api/v1/organizations/" + hooli, TEAM.alice().token()), 200).path("domains").toString())
                .doesNotContain("gmail.com", "unsilo.test");
    }

    /**
     * The problems the API gives for control characters and over-long values in a contact's or an organisation's
     * fields, pinned as they are: the services check the same rules for every path, and the API answers them as it did.
     */
    @Test
    void textFieldsWithControlCharactersAreRefusedWithTheSameProblemsAsBefore() {
        long grace = create(Map.of("name", "Grace Brewster", "emails", List.of("grace@brewster.example"))).path("id").asLong();
        long org = capture(TEAM.alice(), CaptureJson.from("x@brewster-corp.example").to("alice@unsilo.test"))
                .path("organizations").get(0).path("id").asLong();
        String contact = "/api/v1/contacts/" + grace;
        String organization = "/api/v1/organizations/" + org;

        assertProblem(TEAM.server().patch(contact, TEAM.alice().token(), "{\"name\":\"Gr\\u0007ace\"}"),
                "name: contains control character U+0007", "name", "contains control character U+0007");
        assertProblem(TEAM.server().patch(contact, TEAM.alice().token(), "{\"title\":\"Chief\\tBrewer\"}"),
                "title: contains control character U+0009", "title", "contains control character U+0009");
        assertProblem(TEAM.server().patch(contact, TEAM.alice().token(), "{\"phones\":[\"+1\", \"+2\\u007f\"]}"),
                "phones[1]: contains control character U+007F", "phones[1]", "contains control character U+007F");
        assertProblem(TEAM.server().patch(contact, TEAM.alice().token(), "{\"phones\":[\" \"]}"),
                "phones[0]: is required", "phones[0]", "is required");
        assertProblem(TEAM.server().post("/api/v1/contacts", TEAM.alice().token(), TestJson.write(Map.of(
                "name", "x".repeat(301), "emails", List.of("new@brewster.example")))),
                "name: is longer than 300 characters", "name", "is longer than 300 characters");
        JsonNode two = ProblemAssert.assertProblem(TEAM.server().patch(contact, TEAM.alice().token(),
                "{\"name\":\"\\u0000\",\"title\":\"\\u001b\"}"), 400);
        assertThat(two.path("detail").asText()).isEqualTo("2 fields are invalid: name, title");

        assertProblem(TEAM.server().patch(organization, TEAM.alice().token(), "{\"name\":\"Brew\\nCorp\"}"),
                "name: contains control character U+000A", "name", "contains control character U+000A");
        assertProblem(TEAM.server().patch(organization, TEAM.alice().token(), TestJson.write(Map.of("name", "y".repeat(301)))),
                "name: is longer than 300 characters", "name", "is longer than 300 characters");
        assertProblem(TEAM.server().patch(organization, TEAM.alice().token(), "{\"name\":\"  \"}"),
                "name: must not be blank", "name", "must not be blank");
        assertThat(ok(TEAM.server().get(contact, TEAM.alice().token()), 200).path("name").asText()).isEqualTo("Grace Brewster");
    }

    /**
     * A phone stored before the length rule existed (an earlier import) is sent back by a client that PATCHes the whole
     * contact, as the add-ons' forms do: that is no change, so saving the title keeps it; a new over-long phone is
     * still refused, and the problem names only that one.
     */
    @Test
    void aValueStoredBeforeTheRulesIsKeptWhenSentBackAndANewBadOneIsStillRefused() {
        long id = create(Map.of("name", "Ada Legacy", "emails", List.of("ada@legacy-import.example"))).path("id").asLong();
        String legacy = "+44 20 7946 0000 ext. 12345 (switchboard, ask for Ada)";
        assertThat(legacy.length()).isGreaterThan(50);
        TEAM.server().app().db().write(h -> h.createUpdate("UPDATE contact SET phones = :phones WHERE id = :id")
                .bind("phones", TestJson.write(List.of(legacy, "+44 20 7946 0001"))).bind("id", id).execute());
        String path = "/api/v1/contacts/" + id;
        JsonNode read = ok(TEAM.server().get(path, TEAM.alice().token()), 200);

        JsonNode saved = ok(TEAM.server().patch(path, TEAM.alice().token(), TestJson.write(Map.of("name", read.path("name").asText(),
                "title", "Chief Engineer", "phones", TestJson.texts(read.path("phones"))))), 200);
        assertThat(saved.path("title").asText()).isEqualTo("Chief Engineer");
        assertThat(TestJson.texts(saved.path("phones"))).containsExactly(legacy, "+44 20 7946 0001");

        // Kept in another place, next to a new valid phone, it still passes.
        JsonNode reordered = ok(TEAM.server().patch(path, TEAM.alice().token(), TestJson.write(Map.of(
                "phones", List.of("+44 20 7946 0002", legacy)))), 200);
        assertThat(TestJson.texts(reordered.path("phones"))).containsExactly("+44 20 7946 0002", legacy);

        String tooLong = legacy + " or Bob";
        assertProblem(TEAM.server().patch(path, TEAM.alice().token(), TestJson.write(Map.of(
                "title", "Chief Engineer", "phones", List.of(legacy, tooLong)))),
                "phones[1]: is longer than 50 characters", "phones[1]", "is longer than 50 characters");
        assertThat(TestJson.texts(ok(TEAM.server().get(path, TEAM.alice().token()), 200).path("phones")))
                .containsExactly("+44 20 7946 0002", legacy);
    }

    /**
     * An organisation's name it has already is sent back by a client that PATCHes what it read: even one that breaks
     * today's rules (stored before them) does not refuse adding a domain; a new bad name is still refused.
     */
    @Test
    void anOrganisationsNameSentBackAsItIsPassesAndANewBadOneIsStillRefused() {
        long org = capture(TEAM.alice(), CaptureJson.from("x@legacy-name-corp.example").to("alice@unsilo.test"))
                .path("organizations").get(0).path("id").asLong();
        String legacy = "Legacy\u0007Corp";
        storeOrganizationName(org, legacy);
        String path = "/api/v1/organizations/" + org;
        JsonNode read = ok(TEAM.server().get(path, TEAM.alice().token()), 200);

        JsonNode saved = ok(TEAM.server().patch(path, TEAM.alice().token(), TestJson.write(Map.of(
                "name", read.path("name").asText(), "domains", List.of("legacy-name-holdings.example")))), 200);
        assertThat(saved.path("name").asText()).isEqualTo(legacy);
        assertThat(saved.path("domains").toString()).contains("legacy-name-holdings.example");

        assertProblem(TEAM.server().patch(path, TEAM.alice().token(), TestJson.write(Map.of("name", legacy + " II"))),
                "name: contains control character U+0007", "name", "contains control character U+0007");
        assertThat(ok(TEAM.server().get(path, TEAM.alice().token()), 200).path("name").asText()).isEqualTo(legacy);
    }

    /**
     * A client sends back every address the contact has in {@code emails}: one at a domain an admin made the company's
     * own later is held already, not added, so saving the title works; a new address there is still refused, and so is
     * an address erased on request.
     */
    @Test
    void anAddressTheContactHoldsPassesWhenSentBackAfterItsDomainBecameInternal() {
        long id = create(Map.of("name", "Dana Acquired", "emails", List.of("dana@acquired-later.example"))).path("id").asLong();
        TEAM.server().app().web().directory().addInternalDomain(TEAM.server().admin().id(), "acquired-later.example");
        String path = "/api/v1/contacts/" + id;

        JsonNode saved = ok(TEAM.server().patch(path, TEAM.alice().token(), TestJson.write(Map.of("title", "CFO",
                "emails", List.of("Dana@Acquired-Later.example")))), 200);
        assertThat(saved.path("title").asText()).isEqualTo("CFO");
        assertThat(TestJson.texts(saved.path("emails"))).containsExactly("dana@acquired-later.example");

        JsonNode company = ProblemAssert.assertProblem(TEAM.server().patch(path, TEAM.alice().token(), TestJson.write(Map.of(
                "title", "CEO", "emails", List.of("dana@acquired-later.example", "erin@acquired-later.example")))), 400);
        assertThat(company.path("detail").asText()).contains("erin@acquired-later.example is a company address")
                .doesNotContain("dana@");
        TEAM.server().app().privacy().erase(TEAM.server().admin().id(), "gone@erased-person.example");
        JsonNode erased = ProblemAssert.assertProblem(TEAM.server().patch(path, TEAM.alice().token(), TestJson.write(Map.of(
                "title", "CEO", "emails", List.of("dana@acquired-later.example", "gone@erased-person.example")))), 400);
        assertThat(erased.path("detail").asText()).contains("gone@erased-person.example was erased on request");
        JsonNode after = ok(TEAM.server().get(path, TEAM.alice().token()), 200);
        assertThat(after.path("title").asText()).isEqualTo("CFO");
        assertThat(TestJson.texts(after.path("emails"))).containsExactly("dana@acquired-later.example");
    }

    /**
     * A new organisation name is stored without the spaces around it and judged so; the name an organisation has passes
     * sent back as it is, even with spaces around it (stored before names were trimmed), and so does the name it has
     * with spaces around it, and neither renames it.
     */
    @Test
    void anOrganisationsNameIsTrimmedWhenNewAndPassesAsItIsWithOrWithoutSpacesAround() {
        long spaced = capture(TEAM.alice(), CaptureJson.from("x@spaced-name.example").to("alice@unsilo.test"))
                .path("organizations").get(0).path("id").asLong();
        long bell = capture(TEAM.alice(), CaptureJson.from("x@bell-name.example").to("alice@unsilo.test"))
                .path("organizations").get(0).path("id").asLong();
        String spacedName = " Spaced\u0007Corp ";
        String bellName = "Bell\u0007Corp";
        storeOrganizationName(spaced, spacedName);
        storeOrganizationName(bell, bellName);
        String spacedPath = "/api/v1/organizations/" + spaced;
        String bellPath = "/api/v1/organizations/" + bell;

        JsonNode read = ok(TEAM.server().get(spacedPath, TEAM.alice().token()), 200);
        JsonNode sentBack = ok(TEAM.server().patch(spacedPath, TEAM.alice().token(), TestJson.write(Map.of(
                "name", read.path("name").asText(), "domains", List.of("spaced-name-group.example")))), 200);
        assertThat(sentBack.path("name").asText()).isEqualTo(spacedName);
        assertThat(TestJson.texts(sentBack.path("domains"))).containsExactly("spaced-name-group.example");
        JsonNode withSpaces = ok(TEAM.server().patch(bellPath, TEAM.alice().token(), TestJson.write(Map.of(
                "name", "  " + bellName + " "))), 200);
        assertThat(withSpaces.path("name").asText()).isEqualTo(bellName);

        assertThat(ok(TEAM.server().patch(bellPath, TEAM.alice().token(), TestJson.write(Map.of("name", " Bell Corp  "))), 200)
                .path("name").asText()).isEqualTo("Bell Corp");
        String longest = "B".repeat(org.unsilo.contacts.FieldRules.ORGANIZATION_NAME_MAX);
        assertThat(ok(TEAM.server().patch(bellPath, TEAM.alice().token(), TestJson.write(Map.of("name", longest + "  "))), 200)
                .path("name").asText()).isEqualTo(longest);
        assertProblem(TEAM.server().patch(bellPath, TEAM.alice().token(), TestJson.write(Map.of("name", " Bell\u0001Corp "))),
                "name: contains control character U+0001", "name", "contains control character U+0001");
        ProblemAssert.assertFieldError(TEAM.server().patch(bellPath, TEAM.alice().token(), TestJson.write(Map.of("name", "  "))),
                400, "name");
        assertThat(ok(TEAM.server().get(bellPath, TEAM.alice().token()), 200).path("name").asText()).isEqualTo(longest);
    }

    /**
     * A client that PATCHes an organisation as it read it sends its domains back: one an admin made the company's own
     * after it was attached is held already, not added, so adding another domain works; a new company or free-mail
     * domain is still refused, and the problem names it.
     */
    @Test
    void aDomainTheOrganisationHoldsPassesWhenSentBackAfterItBecameInternal() {
        long org = capture(TEAM.alice(), CaptureJson.from("x@bought-later.example").to("alice@unsilo.test"))
                .path("organizations").get(0).path("id").asLong();
        String path = "/api/v1/organizations/" + org;
        ok(TEAM.server().patch(path, TEAM.alice().token(), TestJson.write(Map.of("domains", List.of("bought-later-group.example")))), 200);
        TEAM.server().app().web().directory().addInternalDomain(TEAM.server().admin().id(), "bought-later-group.example");
        JsonNode read = ok(TEAM.server().get(path, TEAM.alice().token()), 200);
        List<String> sentBack = new ArrayList<>(TestJson.texts(read.path("domains")));
        sentBack.add(read.path("domain").asText());

        List<String> withNew = new ArrayList<>(sentBack);
        withNew.add("bought-later-eu.example");
        JsonNode saved = ok(TEAM.server().patch(path, TEAM.alice().token(), TestJson.write(Map.of(
                "name", read.path("name").asText(), "domains", withNew))), 200);
        assertThat(TestJson.texts(saved.path("domains"))).containsExactly("bought-later-eu.example", "bought-later-group.example");

        for (String refused : List.of("unsilo.test", "gmail.com")) {
            List<String> withBad = new ArrayList<>(sentBack);
            withBad.add(refused);
            String problem = ProblemAssert.assertFieldError(TEAM.server().patch(path, TEAM.alice().token(),
                    TestJson.write(Map.of("domains", withBad))), 400, "domains");
            assertThat(problem).startsWith(refused + " is").doesNotContain("bought-later");
        }
        assertThat(TestJson.texts(ok(TEAM.server().get(path, TEAM.alice().token()), 200).path("domains")))
                .containsExactly("bought-later-eu.example", "bought-later-group.example");
    }

    /** Gives an organisation a name as one stored before today's rules: past them, with its sort key. */
    private static void storeOrganizationName(long org, String name) {
        TEAM.server().app().db().write(h -> h.attach(OrganizationDao.class).rename(org, name, System.currentTimeMillis()));
    }

    private static void assertProblem(TestServer.Response r, String detail, String field, String message) {
        JsonNode p = ProblemAssert.assertProblem(r, 400);
        assertThat(p.path("title").asText()).isEqualTo("Invalid request");
        assertThat(p.path("detail").asText()).isEqualTo(detail);
        assertThat(p.path("errors").size()).as("%s", p).isEqualTo(1);
        assertThat(p.path("errors").get(0).path("field").asText()).isEqualTo(field);
        assertThat(p.path("errors").get(0).path("message").asText()).isEqualTo(message);
    }
}
