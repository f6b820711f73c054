package org.unsilo.relationships;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.unsilo.store.HandoverRow;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.TestServer;

/**
 * A leaver's relationship handed over, then its contact merged into another (DESIGN.md §6, §5.9): the hand-over
 * goes with the relationship, so the Leavers page does not show it as waiting for someone again.
 */
class HandoverMergeTest {

    private TestServer server;
    private TestServer.Staff lea;
    private TestServer.Staff ben;

    @BeforeEach
    void start() {
        server = TestServer.start();
        lea = server.staff("lea@unsilo.test", "Lea Leaving");
        ben = server.staff("ben@unsilo.test", "Ben Staying");
        server.capture(lea.token(), CaptureJson.from("lea@unsilo.test").toParty("al@acme.example", "Al Acme"));
        server.capture(lea.token(), CaptureJson.from("lea@unsilo.test").toParty("al.acme@acme-mail.example", "Al Acme"));
        server.app().leavers().depart(server.admin().id(), lea.id());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private long contactId(String address) {
        return server.lookup(ben.token(), address).json().path("results").get(0).path("contact").path("id").asLong();
    }

    @Test
    void aHandOverGoesWithTheRelationshipIntoTheMergedContact() {
        long target = contactId("al@acme.example");
        long source = contactId("al.acme@acme-mail.example");
        server.app().leavers().handOver(server.admin().id(), lea.id(), List.of(source, target), ben.id());
        assertThat(server.app().leavers().openCount(lea.id())).isZero();

        server.app().contacts().merge(server.admin().id(), target, List.of(source));

        assertThat(server.app().leavers().openCount(lea.id())).as("nothing waits for a hand-over again").isZero();
        assertThat(server.app().leavers().relationshipsOf(lea.id(), 10)).extracting(HandoverRow::contactId, HandoverRow::toUserName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(target, "Ben Staying"));
    }

    @Test
    void aHandOverOfTheMergedContactOnlyIsKeptToo() {
        long target = contactId("al@acme.example");
        long source = contactId("al.acme@acme-mail.example");
        server.app().leavers().handOver(server.admin().id(), lea.id(), List.of(source), ben.id());

        server.app().contacts().merge(server.admin().id(), target, List.of(source));

        assertThat(server.app().leavers().openCount(lea.id())).isZero();
        assertThat(server.app().leavers().relationshipsOf(lea.id(), 10)).extracting(HandoverRow::toUserName)
                .containsExactly("Ben Staying");
    }
}
