package org.unsilo.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.store.UserDao;
import org.unsilo.store.UserRow;
import org.unsilo.testing.TestServer;

class ExternalIdentitiesTest {

    private static TestServer server;
    private static ExternalIdentities identities;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        identities = server.app().identities();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void linksAnExistingAccountByAddressThenBySubjectAfterTheAddressChanges() {
        TestServer.Staff carol = server.staff("carol@unsilo.test", "Carol Staff");
        UserRow first = identities.resolve(new VerifiedIdentity("entra", "oid-carol", "Carol@unsilo.test", "Carol"), Set.of())
                .orElseThrow();
        assertThat(first.id()).isEqualTo(carol.user().id());

        UserRow renamed = identities.resolve(new VerifiedIdentity("entra", "oid-carol", "c.new@unsilo.test", "Carol"), Set.of())
                .orElseThrow();
        assertThat(renamed.id()).isEqualTo(carol.user().id());
    }

    @Test
    void unknownAddressIsRefusedUnlessItsDomainIsProvisioned() {
        VerifiedIdentity dave = new VerifiedIdentity("google", "sub-dave", "dave@unsilo.test", "Dave Member");
        assertThat(identities.resolve(dave, Set.of())).isEmpty();
        assertThat(identities.resolve(dave, Set.of("elsewhere.test"))).isEmpty();

        UserRow created = identities.resolve(dave, Set.of("unsilo.test")).orElseThrow();
        assertThat(created.role()).isEqualTo("member");
        assertThat(created.displayName()).isEqualTo("Dave Member");
        assertThat(server.app().users().findByEmail("dave@unsilo.test")).contains(created);
        assertThat(identities.resolve(dave, Set.of())).contains(created);
    }

    @Test
    void departedStaffAreRefusedEvenWhenLinked() {
        TestServer.Staff erin = server.staff("erin@unsilo.test", "Erin Staff");
        VerifiedIdentity id = new VerifiedIdentity("entra", "oid-erin", "erin@unsilo.test", null);
        assertThat(identities.resolve(id, Set.of())).isPresent();
        server.app().db().write(h -> h.attach(UserDao.class).setStatus(erin.user().id(), "departed", 1L));
        assertThat(identities.resolve(id, Set.of("unsilo.test"))).isEmpty();
    }
}
