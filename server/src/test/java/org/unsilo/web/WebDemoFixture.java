package org.unsilo.web;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.unsilo.contacts.ContactService;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.TestServer;

/**
 * A small, realistic data set for the web view's tests, stored through the capture API as the add-ins would: staff
 * at unsilo.test, Acme Energy with a clear who-knows-whom order (Bob, Cara, Dan, then Ada), two "John Smith" records
 * under different addresses, one private conversation of Bob's, a contact whose name is a script tag, a relationship
 * of Cara's gone quiet, and lookups. Stand-in until the demo generator ({@code unsilo demo}) can load the server.
 */
final class WebDemoFixture {

    static final String DOMAINS = "unsilo.test";
    static final String PASSWORD = "correct horse battery";
    static final String PRIVATE_SUBJECT = "Secret merger talks";
    static final String PRIVATE_SNIPPET = "Confidential: the board meets on Friday";
    static final String SCRIPT_NAME = "<script>alert('xss')</script>";

    final TestServer server;
    final TestServer.Staff bob;
    final TestServer.Staff cara;
    final TestServer.Staff dan;
    final long jane;
    final long scriptContact;
    final long acme;

    private WebDemoFixture(TestServer server) {
        this.server = server;
        this.bob = server.staff("bob@unsilo.test", "Bob Baker");
        this.cara = server.staff("cara@unsilo.test", "Cara Cole");
        this.dan = server.staff("dan@unsilo.test", "Dan Drew");
        for (long id : new long[] {server.admin().id(), bob.id(), cara.id(), dan.id()}) {
            server.app().passwords().set(null, id, PASSWORD);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 4; i++) {
            send(bob.token(), CaptureJson.from("Bob Baker <bob@unsilo.test>").to("Jane Roe <jane.roe@acme-energy.com>")
                    .subject("Supply contract " + i).sentAt(now.minus(3 + i * 9L, ChronoUnit.DAYS)));
        }
        send(bob.token(), CaptureJson.from("Jane Roe <jane.roe@acme-energy.com>").to("bob@unsilo.test")
                .subject("Re: Supply contract 0").sentAt(now.minus(10, ChronoUnit.DAYS)));
        send(bob.token(), CaptureJson.from("Bob Baker <bob@unsilo.test>").to("Jane Roe <jane.roe@acme-energy.com>")
                .subject(PRIVATE_SUBJECT).body(PRIVATE_SNIPPET).sentAt(now.minus(1, ChronoUnit.DAYS)).markPrivate());
        for (int i = 0; i < 2; i++) {
            send(cara.token(), CaptureJson.from("Cara Cole <cara@unsilo.test>").to("Tom Lee <tom.lee@acme-energy.com>")
                    .subject("Site visit " + i).sentAt(now.minus(5 + i * 7L, ChronoUnit.DAYS)));
        }
        send(server.adminToken(), CaptureJson.from("Tom Lee <tom.lee@acme-energy.com>").to("cara@unsilo.test")
                .cc("admin@unsilo.test").subject("Agenda").sentAt(now.minus(20, ChronoUnit.DAYS)));
        send(dan.token(), CaptureJson.from("Dan Drew <dan@unsilo.test>").to("John Smith <john.smith@acme-energy.com>")
                .subject("Pricing").sentAt(now.minus(12, ChronoUnit.DAYS)));
        send(dan.token(), CaptureJson.from("John Smith <jsmith1970@gmail.com>").to("dan@unsilo.test")
                .subject("From my own address").sentAt(now.minus(11, ChronoUnit.DAYS)));
        for (int i = 0; i < 4; i++) {
            send(cara.token(), CaptureJson.from("Cara Cole <cara@unsilo.test>").to("Olga Old <olga@globex.com>")
                    .subject("Catch-up " + i).sentAt(now.minus(200 - i * 10L, ChronoUnit.DAYS)));
        }
        send(cara.token(), CaptureJson.from("Mallory <mallory@hacker-corp.com>").to("cara@unsilo.test").subject("Hello"));
        server.lookup(bob.token(), "jane.roe@acme-energy.com");
        server.lookup(cara.token(), "tom.lee@acme-energy.com");
        this.jane = contactId("jane.roe@acme-energy.com");
        this.acme = server.app().contacts().find(jane).orElseThrow().contact().organization().id();
        this.scriptContact = contactId("mallory@hacker-corp.com");
        server.app().contacts().update(server.admin().id(), scriptContact,
                new ContactService.Edit(SCRIPT_NAME, null, null, null, null));
        server.app().activity().flush();
    }

    static WebDemoFixture load(TestServer server) {
        return new WebDemoFixture(server);
    }

    long contactId(String address) {
        return server.app().contacts().search("%" + address + "%", 0, 0, 5).get(0).id();
    }

    private void send(String token, CaptureJson capture) {
        TestServer.Response r = server.capture(token, capture);
        if (r.status() != 200 && r.status() != 201) {
            throw new AssertionError("fixture capture failed: " + r.status() + " " + r.body());
        }
    }
}
