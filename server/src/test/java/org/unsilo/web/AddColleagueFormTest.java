package org.unsilo.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.testing.TestServer;
import org.unsilo.testing.WebClient;

/**
 * "Add a colleague" on a later page of a search of users and roles: the admin stays on that page of that search,
 * whether the colleague is added (their password shown once), refused, or the form is sent again; it sent the admin
 * back to the first page of everyone. What the form carries of the list is checked as the list checks it.
 */
class AddColleagueFormTest {

    private static final String PASSWORD = "the admin's own password";
    private static final int COLLEAGUES = 150;
    private static final Pattern ROW = Pattern.compile("<tr><td>[^<]*</td><td>([^<]*)</td>");
    private static final Pattern ADD_FORM = Pattern.compile("method=\"post\" action=\"(/admin/users(?:\\?[^\"]*)?)\"");
    private static final String SECOND_PAGE = "/admin/users?q=colleague&page=2";

    private static TestServer server;
    /** Signed in once for the whole class: sign-in is rate limited per address. */
    private static WebClient admin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        for (int i = 1; i <= COLLEAGUES; i++) {
            server.app().users().create(server.admin().id(), String.format("colleague%03d@unsilo.test", i),
                    String.format("Colleague %03d", i), "member");
        }
        admin = server.signedInAdmin(PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aColleagueAddedFromALaterPageOfASearchIsShownOnThatPage() {
        String action = addForm(admin.get(SECOND_PAGE).body());
        assertThat(action).isEqualTo(SECOND_PAGE);

        WebClient.Page added = admin.post(action, Map.of("email", "nia.new@unsilo.test", "name", "Nia New", "role", "member"));
        assertThat(added.status()).isEqualTo(200);
        assertThat(added.body()).contains("Password for nia.new@unsilo.test, shown only now", "id=\"new-password\"",
                "Colleagues 101–150 of 150 matching “colleague”", "value=\"colleague\"");
        assertThat(addresses(added.body())).hasSize(50).first().isEqualTo("colleague101@unsilo.test");
        assertThat(addForm(added.body())).as("the next colleague too").isEqualTo(SECOND_PAGE);
        assertThat(server.app().users().findByEmail("nia.new@unsilo.test")).isPresent();

        WebClient.Page again = admin.post(action, Map.of("email", "nia.new@unsilo.test", "name", "Nia New", "role", "member"));
        assertThat(again.status()).as("sent again").isEqualTo(409);
        assertThat(again.body()).as("a link back to the same page").contains("href=\"/admin/users?q=colleague&amp;page=2\"");
    }

    @Test
    void aRefusedColleagueIsShownWithTheSamePageOfTheSearch() {
        String action = addForm(admin.get(SECOND_PAGE).body());
        WebClient.Page refused = admin.post(action, Map.of("email", "not an address", "name", "Kim Kay", "role", "admin"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"add-error\"", "Not added:", "value=\"Kim Kay\"",
                "Colleagues 101–150 of 150 matching “colleague”");
        assertThat(addresses(refused.body())).first().isEqualTo("colleague101@unsilo.test");
    }

    @Test
    void aSearchTheListWouldRefuseIsRefusedBeforeAnyoneIsAdded() {
        admin.get(SECOND_PAGE);
        WebClient.Page refused = admin.post("/admin/users?q=" + "x".repeat(201) + "&page=2",
                Map.of("email", "lee.long@unsilo.test", "name", "Lee Long", "role", "member"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Search for at most 200 characters.").doesNotContain("id=\"new-password\"");
        assertThat(server.app().users().findByEmail("lee.long@unsilo.test")).isEmpty();
    }

    /** The address the add form posts to (the page's only post form to the list itself). */
    private static String addForm(String page) {
        Matcher m = ADD_FORM.matcher(page);
        assertThat(m.find()).as("the add form").isTrue();
        return m.group(1).replace("&amp;", "&");
    }

    private static List<String> addresses(String page) {
        return ROW.matcher(page).results().map(m -> m.group(1)).toList();
    }
}
