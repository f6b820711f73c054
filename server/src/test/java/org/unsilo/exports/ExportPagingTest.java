package org.unsilo.exports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.demo.DemoGenerator;
import org.unsilo.testing.TestServer;

/** Exports read the store page by page: more contacts than one page still come out once each, none left out. */
class ExportPagingTest {

    private static final int CONTACTS = ExportService.PAGE * 2 + 37;
    private static TestServer server;
    private static DemoGenerator.Report demo;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        demo = new DemoGenerator(server.app().users(), server.app().captures(), server.app().leavers(), server.app().db(),
                server.app().clock())
                .generate(new DemoGenerator.Options(3, CONTACTS, CONTACTS, 11), n -> { });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<CSVRecord> rows(String path) throws IOException {
        TestServer.Response r = server.get(path, server.adminToken());
        assertThat(r.status()).isEqualTo(200);
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(r.body())).getRecords();
    }

    @Test
    void everyContactOnceAcrossPages() throws IOException {
        List<CSVRecord> rows = rows("/api/v1/exports/contacts.csv");

        assertThat(rows).hasSize(CONTACTS);
        Set<String> ids = new HashSet<>();
        rows.forEach(r -> ids.add(r.get("Unsilo ID")));
        assertThat(ids).hasSize(CONTACTS);
        String cards = server.get("/api/v1/exports/contacts.vcf", server.adminToken()).body();
        assertThat(cards.split("BEGIN:VCARD", -1)).hasSize(CONTACTS + 1);
    }

    @Test
    void everyOrganizationOnceWithItsContacts() throws IOException {
        List<CSVRecord> rows = rows("/api/v1/exports/organizations.csv");

        assertThat(rows).hasSize(demo.organizations());
        long withOrganization = rows.stream().mapToLong(r -> Long.parseLong(r.get("Contacts"))).sum();
        long freemail = server.app().db().read(h -> h.createQuery("SELECT COUNT(*) FROM contact WHERE organization_id IS NULL")
                .mapTo(Long.class).one());
        assertThat(withOrganization + freemail).isEqualTo(CONTACTS);
    }
}
