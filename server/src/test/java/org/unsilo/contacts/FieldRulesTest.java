package org.unsilo.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.unsilo.common.Change;
import org.unsilo.common.InvalidFieldException;
import org.unsilo.common.Search;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.TestJson;
import org.unsilo.testing.TestServer;

/**
 * The services hold every change to a contact's or an organisation's typed fields to {@link FieldRules}, whichever
 * way it comes: the API checked them, but the Gmail add-on's rename and form went straight to the services.
 */
class FieldRulesTest {

    @Test
    void theServicesRefuseControlCharactersAndOverLongValuesAndStoreNothing() {
        try (TestServer server = TestServer.start()) {
            assertThat(server.capture(server.adminToken(), CaptureJson.from("Ed <ed@pied-piper.example>")
                    .to("x@unsilo.test")).status()).isEqualTo(201);
            ContactService contacts = server.app().contacts();
            OrganizationService organizations = server.app().organizations();
            long actor = server.admin().id();
            Views.Contact ed = contacts.search(Search.containing("ed@pied-piper.example"), 0, NameCursor.FIRST, 1).get(0);
            Views.OrganizationRef piper = ed.organization();

            assertRefused(() -> organizations.update(actor, piper.id(), "Pied\u0007Piper", null), "name",
                    "the organisation's name contains control character U+0007");
            assertRefused(() -> organizations.update(actor, piper.id(), " ", null), "name",
                    "the organisation's name must not be blank");
            assertRefused(() -> organizations.update(actor, piper.id(), "p".repeat(301), null), "name",
                    "the organisation's name is longer than 300 characters");
            assertRefused(() -> contacts.update(actor, ed.id(), edit("Ed\tChen", null, null)), "name",
                    "the name contains control character U+0009");
            assertRefused(() -> contacts.update(actor, ed.id(), edit(null, "CTO\u007f", null)), "title",
                    "the job title contains control character U+007F");
            assertRefused(() -> contacts.update(actor, ed.id(), edit(null, null, List.of("+1 555", "+1\u0000"))), "phones[1]",
                    "phone number 2 contains control character U+0000");
            assertRefused(() -> contacts.update(actor, ed.id(), edit(null, null, List.of("5".repeat(51)))), "phones[0]",
                    "the phone number is longer than 50 characters");
            assertRefused(() -> contacts.create(actor, new ContactService.Edit("New\u0001", null, Change.keep(), null,
                    List.of("new@pied-piper.example"))), "name", "the name contains control character U+0001");

            assertThat(organizations.find(piper.id()).orElseThrow().name()).isEqualTo(piper.name());
            Views.Contact after = contacts.find(ed.id()).orElseThrow().contact();
            assertThat(after).isEqualTo(ed);
            assertThat(contacts.search(Search.containing("new@pied-piper.example"), 0, NameCursor.FIRST, 1)).isEmpty();

            // Values within the rules are stored as before.
            assertThat(organizations.update(actor, piper.id(), "Pied Piper", null).orElseThrow().name()).isEqualTo("Pied Piper");
            assertThat(contacts.update(actor, ed.id(), edit("Ed Chen", "", List.of("+1 555"))).orElseThrow().name())
                    .isEqualTo("Ed Chen");
        }
    }

    /**
     * What a contact holds already is not a change: a phone (or a name) stored before the rules existed is kept when an
     * edit sends it back, as the add-ons' forms and the web view's do with every phone, wherever it comes in the list.
     */
    @Test
    void valuesTheContactHoldsAlreadyPassWhenSentBackAndNewOnesAreStillChecked() {
        try (TestServer server = TestServer.start()) {
            assertThat(server.capture(server.adminToken(), CaptureJson.from("Jian <jian@yang-apps.example>")
                    .to("x@unsilo.test")).status()).isEqualTo(201);
            ContactService contacts = server.app().contacts();
            long actor = server.admin().id();
            long jian = contacts.search(Search.containing("jian@yang-apps.example"), 0, NameCursor.FIRST, 1).get(0).id();
            String legacyPhone = "5".repeat(60);
            String legacyName = "Jian\u0007Yang";
            server.app().db().write(h -> h.createUpdate("UPDATE contact SET display_name = :name, phones = :phones WHERE id = :id")
                    .bind("name", legacyName).bind("phones", "[\"" + legacyPhone + "\"]").bind("id", jian).execute());

            Views.Contact saved = contacts.update(actor, jian, edit(legacyName, "Founder", List.of("+1 555", legacyPhone)))
                    .orElseThrow();
            assertThat(saved.phones()).containsExactly("+1 555", legacyPhone);
            assertThat(saved.name()).isEqualTo(legacyName);

            assertRefused(() -> contacts.update(actor, jian, edit(null, null, List.of(legacyPhone, "6".repeat(51)))),
                    "phones[1]", "phone number 2 is longer than 50 characters");
            assertRefused(() -> contacts.update(actor, jian, edit("Jian\u0007Yang II", null, null)), "name",
                    "the name contains control character U+0007");
            assertThat(contacts.find(jian).orElseThrow().contact()).isEqualTo(saved);
        }
    }

    /**
     * An address book may give a contact more phones than an edit may: sending them all back (and changing one) keeps
     * as many, while an edit of any other contact, or one that adds a phone to them, is held to {@link
     * FieldRules#PHONES_MAX} phones.
     */
    @Test
    void aContactMayKeepMorePhonesThanTheRulesAllowButNotGainAny() {
        try (TestServer server = TestServer.start()) {
            assertThat(server.capture(server.adminToken(), CaptureJson.from("Lin <lin@many-lines.example>")
                    .to("x@unsilo.test")).status()).isEqualTo(201);
            ContactService contacts = server.app().contacts();
            long actor = server.admin().id();
            long lin = contacts.search(Search.containing("lin@many-lines.example"), 0, NameCursor.FIRST, 1).get(0).id();
            List<String> imported = new java.util.ArrayList<>();
            for (int i = 0; i <= FieldRules.PHONES_MAX; i++) {
                imported.add("+1 555 01" + (10 + i));
            }
            assertRefused(() -> contacts.update(actor, lin, edit(null, null, imported)), "phones",
                    "the list of phone numbers has 21 entries; at most 20 are accepted");
            server.app().db().write(h -> h.createUpdate("UPDATE contact SET phones = :phones WHERE id = :id")
                    .bind("phones", TestJson.write(imported)).bind("id", lin).execute());

            List<String> changedOne = new java.util.ArrayList<>(imported);
            changedOne.set(0, "+1 555 0199");
            assertThat(contacts.update(actor, lin, edit(null, "Operator", changedOne)).orElseThrow().phones())
                    .isEqualTo(changedOne);
            List<String> oneMore = new java.util.ArrayList<>(changedOne);
            oneMore.add("+1 555 0198");
            assertRefused(() -> contacts.update(actor, lin, edit(null, null, oneMore)), "phones",
                    "the list of phone numbers has 22 entries; at most 20 are accepted");
        }
    }

    private static ContactService.Edit edit(String name, String title, List<String> phones) {
        return new ContactService.Edit(name, title, Change.keep(), phones, null);
    }

    private static void assertRefused(Runnable change, String field, String message) {
        assertThatThrownBy(change::run).isInstanceOfSatisfying(InvalidFieldException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
