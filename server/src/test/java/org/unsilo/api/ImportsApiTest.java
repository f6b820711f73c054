package org.unsilo.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.testing.TestServer;

/** Admin imports over HTTP: an upload and a file from the import folder run in the background and report progress. */
class ImportsApiTest {

    private static final String VCARDS = """
            BEGIN:VCARD\r
            VERSION:3.0\r
            FN:Ann Buyer\r
            EMAIL;TYPE=WORK:ann@buyer-corp.example\r
            TITLE:Purchasing Manager\r
            END:VCARD\r
            BEGIN:VCARD\r
            VERSION:3.0\r
            FN:Bo Seller\r
            EMAIL:bo@seller.example\r
            END:VCARD\r
            """;

    private static TestServer server;
    private static String memberToken;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        memberToken = server.member("member@unsilo.test", "Mem Ber");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void uploadedAddressBookIsImportedInTheBackground() {
        TestServer.Response started = upload("contacts", "admin@unsilo.test", "book.vcf", VCARDS, server.adminToken());
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String location = started.header("Location");
        assertThat(location).startsWith("/api/v1/admin/imports/");

        JsonNode job = awaitDone(location);
        assertThat(job.path("kind").asText()).isEqualTo("contacts");
        assertThat(job.path("processed").asLong()).isEqualTo(2);
        JsonNode found = server.get("/api/v1/contacts?q=buyer-corp", server.adminToken()).json();
        assertThat(found.path("items")).hasSize(1);
        assertThat(found.path("items").get(0).path("title").asText()).isEqualTo("Purchasing Manager");

        // The same upload again is the same job, already done: nothing new.
        TestServer.Response again = upload("contacts", "admin@unsilo.test", "copy.vcf", VCARDS, server.adminToken());
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.header("Location")).isEqualTo(location);
        assertThat(server.get("/api/v1/admin/imports", server.adminToken()).json().path("items").size()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aRefusedOrRepeatedUploadLeavesNoFileBehind() throws Exception {
        Path uploads = server.app().config().importDir().resolve("uploads");
        String book = VCARDS.replace("buyer-corp", "kept-once");
        long before = files(uploads);
        for (String[] refused : List.of(new String[] {"contacts", "nobody@unsilo.test"}, new String[] {"bogus", "admin@unsilo.test"})) {
            TestServer.Response r = upload(refused[0], refused[1], "card.vcf", book, server.adminToken());
            assertThat(r.status()).as(r.body()).isEqualTo(422);
        }
        assertThat(files(uploads)).as("refused uploads are deleted").isEqualTo(before);

        TestServer.Response first = upload("contacts", "admin@unsilo.test", "book.vcf", book, server.adminToken());
        awaitDone(first.header("Location"));
        TestServer.Response again = upload("contacts", "admin@unsilo.test", "book-again.vcf", book, server.adminToken());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(files(uploads)).as("the repeated upload's copy is deleted, the first one kept").isEqualTo(before + 1);
    }

    private static long files(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void fileFromTheImportFolderIsImportedAndPathsOutsideItAreRefused() throws Exception {
        Path dir = server.app().config().importDir();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("team.vcf"), VCARDS.replace("buyer-corp", "other-corp"));
        TestServer.Response started = server.post("/api/v1/admin/imports", server.adminToken(),
                "{\"kind\":\"contacts\",\"path\":\"team.vcf\",\"owner\":\"admin@unsilo.test\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(awaitDone(started.header("Location")).path("status").asText()).isEqualTo("done");

        TestServer.Response escape = server.post("/api/v1/admin/imports", server.adminToken(),
                "{\"kind\":\"contacts\",\"path\":\"../unsilo.db\",\"owner\":\"admin@unsilo.test\"}");
        assertThat(escape.status()).isEqualTo(422);
        assertThat(escape.json().path("detail").asText()).contains("import folder");
    }

    @Test
    void mailboxUploadAndMailFolderByOwnerAreImported() throws Exception {
        String mbox = Files.readString(Path.of("src/test/resources/mail/mbox/archive.mbox"));
        long messagesBefore = messages();
        TestServer.Response started = upload("mail", "admin@unsilo.test", "archive.mbox", mbox, server.adminToken());
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonNode job = awaitDone(started.header("Location"));
        assertThat(job.path("kind").asText()).isEqualTo("mail");
        assertThat(job.path("processed").asLong()).isPositive();
        assertThat(messages()).isGreaterThan(messagesBefore);

        // A CMU-style tree in the import folder, one mailbox per top-level folder, owners learned from sent mail.
        Path tree = server.app().config().importDir().resolve("maildir");
        copyTree(Path.of("src/test/resources/mail/cmu"), tree);
        TestServer.Response byFolder = server.post("/api/v1/admin/imports", server.adminToken(),
                "{\"kind\":\"mail\",\"path\":\"maildir\",\"ownersByFolder\":true}");
        assertThat(byFolder.status()).as(byFolder.body()).isEqualTo(202);
        assertThat(awaitDone(byFolder.header("Location")).path("status").asText()).isEqualTo("done");

        TestServer.Response contactsFromFolders = server.post("/api/v1/admin/imports", server.adminToken(),
                "{\"kind\":\"contacts\",\"path\":\"maildir\",\"ownersByFolder\":true}");
        assertThat(contactsFromFolders.status()).isEqualTo(400);
    }

    private static long messages() {
        return server.get("/api/v1/admin/stats", server.adminToken()).json().path("messages").asLong();
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    void badRequestsAreRefusedWithAReason() {
        assertThat(upload("contacts", "nobody@unsilo.test", "a.vcf", VCARDS, server.adminToken()).status()).isEqualTo(422);
        assertThat(upload("calendars", "admin@unsilo.test", "a.vcf", VCARDS, server.adminToken()).status()).isEqualTo(422);
        assertThat(upload("contacts", "admin@unsilo.test", "a.vcf", "", server.adminToken()).status()).isEqualTo(400);
        assertThat(upload("contacts", "admin@unsilo.test", "a.vcf", VCARDS, memberToken).status()).isEqualTo(403);
        assertThat(server.get("/api/v1/admin/imports/999999", server.adminToken()).status()).isEqualTo(404);
    }

    private static TestServer.Response upload(String kind, String owner, String filename, String body, String token) {
        String query = "?kind=" + kind + "&owner=" + owner + "&filename=" + filename;
        return server.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/admin/imports/upload" + query)))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body)), token);
    }

    private static JsonNode awaitDone(String location) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            JsonNode job = server.get(location, server.adminToken()).json();
            String status = job.path("status").asText();
            if (status.equals("done") || status.equals("failed") || Instant.now().isAfter(deadline)) {
                assertThat(status).as(job.toString()).isEqualTo("done");
                return job;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
