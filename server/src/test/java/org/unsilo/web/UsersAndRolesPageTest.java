package org.unsilo.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.store.UserDao;
import org.unsilo.store.UserRow;
import org.unsilo.testing.TestServer;
import org.unsilo.testing.WebClient;

/**
 * The admin's users and roles page in a firm of a few hundred people: a hundred colleagues a page in name order (accents
 * and case ignored) with links to the pages before and after, a search by name or address, and the role and password
 * forms of a later page of a search coming back to it.
 */
class UsersAndRolesPageTest {

    private static final String PASSWORD = "the admin's own password";
    private static final int COLLEAGUES = 300;
    /** The colleagues besides the numbered ones: the admin, Émile, Jens, Sly and Zed. */
    private static final int OTHERS = 5;
    /** A name that is markup; it sorts after the colleagues, by letters whatever the database's collation. */
    private static final String SLY = "Sly <script>alert('x')</script>";
    private static final String SLY_ON_THE_PAGE = "Sly &lt;script&gt;alert('x')&lt;/script&gt;";
    private static final Pattern ROW = Pattern.compile("<tr><td>([^<]*)</td><td>([^<]*)</td>");

    private static TestServer server;
    /** Signed in once for the whole class: sign-in is rate limited per address. */
    private static WebClient admin;
    private static UserRow zed;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        for (int i = 1; i <= COLLEAGUES; i++) {
            server.app().users().create(server.admin().id(), String.format("colleague%03d@unsilo.test", i),
                    String.format("Colleague %03d", i), "member");
        }
        // Their addresses do not hold their names, which the list must find them by.
        server.app().users().create(server.admin().id(), "ez@unsilo.test", "Émile Zola", "member");
        server.app().users().create(server.admin().id(), "jo@unsilo.test", "Jens Ørsted", "member");
        // Last by name, on the last page.
        zed = server.app().users().create(server.admin().id(), "zed.zimmer@unsilo.test", "Zed Zimmer", "member");
        server.app().users().create(server.admin().id(), "script@unsilo.test", SLY, "member");
        admin = server.signedInAdmin(PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theFirstPageShowsAHundredColleaguesByNameAndLinksToTheNext() {
        String page = admin.get("/admin/users").body();
        List<String> names = names(page);
        assertThat(names).hasSize(100);
        assertThat(names.subList(0, 3)).containsExactly("Ada Admin", "Colleague 001", "Colleague 002");
        assertThat(page).contains("Colleagues 1–100 of " + (COLLEAGUES + OTHERS), "href=\"/admin/users?page=2\" id=\"users-next\"")
                .doesNotContain("users-previous", "Zed Zimmer", "Sly");
    }

    @Test
    void everyColleagueIsOnOnePageOrAnotherAndEachLinksBack() {
        List<String> addresses = new ArrayList<>();
        String path = "/admin/users";
        int pages = 0;
        while (path != null) {
            String page = admin.get(path).body();
            if (pages++ > 0) {
                assertThat(page).as(path).contains("id=\"users-previous\"");
            }
            addresses.addAll(addresses(page));
            path = link(page, "users-next");
        }
        assertThat(pages).isEqualTo(4);
        assertThat(addresses).hasSize(COLLEAGUES + OTHERS).doesNotHaveDuplicates()
                .contains("colleague300@unsilo.test", "zed.zimmer@unsilo.test").last().isEqualTo("zed.zimmer@unsilo.test");
        assertThat(link(admin.get("/admin/users?page=2").body(), "users-previous")).isEqualTo("/admin/users");
    }

    @Test
    void aSearchFindsAColleagueOfALaterPageByNameOrAddressWhateverTheCase() {
        for (String q : List.of("zed.ZIMMER@", "zIMM", "Zed Z")) {
            String page = admin.get("/admin/users?q=" + q.replace(" ", "+")).body();
            assertThat(addresses(page)).as(q).containsExactly("zed.zimmer@unsilo.test");
            assertThat(page).contains("Colleagues 1–1 of 1 matching", "value=\"" + q + "\"").doesNotContain("users-next");
        }
    }

    @Test
    void accentedNamesAreInLetterOrderAndFoundWithoutTheirAccents() {
        // With the database's LOWER (ASCII only on SQLite), "Émile" and "Ørsted" sorted after "Zed".
        assertThat(names(admin.get("/admin/users?page=4").body()))
                .containsExactly("Colleague 300", "Émile Zola", "Jens Ørsted", SLY_ON_THE_PAGE, "Zed Zimmer");
        Map<String, String> found = Map.of("emile", "ez@unsilo.test", "EMILE  zola", "ez@unsilo.test", "Émile",
                "ez@unsilo.test", "orsted", "jo@unsilo.test", "ØRSTED", "jo@unsilo.test");
        found.forEach((q, address) -> assertThat(addresses(admin.get("/admin/users?q="
                + URLEncoder.encode(q, StandardCharsets.UTF_8)).body())).as(q).containsExactly(address));
    }

    @Test
    void wildcardsInTheSearchAreLiteralAndTheSearchIsEscapedOnThePage() {
        // "colleague_01" would find colleague001 to colleague019 if the underscore were LIKE's any character.
        assertThat(admin.get("/admin/users?q=colleague_01").body()).contains("id=\"users-none\"");
        assertThat(admin.get("/admin/users?q=%25").body()).contains("id=\"users-none\"");
        String page = admin.get("/admin/users?q=%3Cscript%3E").body();
        assertThat(names(page)).containsExactly(SLY_ON_THE_PAGE);
        assertThat(page).contains("matching “&lt;script&gt;”").doesNotContain("<script>alert");
    }

    @Test
    void aSearchPagesToo() {
        String second = admin.get("/admin/users?q=colleague&page=2").body();
        assertThat(addresses(second)).hasSize(100).first().isEqualTo("colleague101@unsilo.test");
        assertThat(second).contains("Colleagues 101–200 of 300 matching");
        assertThat(link(second, "users-next")).isEqualTo("/admin/users?q=colleague&page=3");
        assertThat(link(second, "users-previous")).isEqualTo("/admin/users?q=colleague&page=1");
        assertThat(addresses(admin.get("/admin/users?q=colleague&page=99").body())).as("past the end: the last page")
                .hasSize(100).last().isEqualTo("colleague300@unsilo.test");
    }

    @Test
    void changingARoleOnALaterPageOfASearchComesBackToIt() {
        UserRow colleague = server.app().users().findByEmail("colleague250@unsilo.test").orElseThrow();
        String page = admin.get("/admin/users?q=colleague&page=3").body();
        String action = action(page, "/admin/users/" + colleague.id() + "/role");
        assertThat(action).isEqualTo("/admin/users/" + colleague.id() + "/role?q=colleague&page=3");

        WebClient.Page changed = admin.post(action, Map.of("role", "admin"));
        assertThat(changed.status()).isEqualTo(303);
        assertThat(changed.location()).isEqualTo("/admin/users?q=colleague&page=3");
        assertThat(server.app().users().find(colleague.id()).orElseThrow().isAdmin()).isTrue();
        admin.get(changed.location());
        assertThat(admin.post(action, Map.of("role", "member")).status()).isEqualTo(303);
        assertThat(server.app().users().find(colleague.id()).orElseThrow().isAdmin()).isFalse();
    }

    @Test
    void aNewPasswordFromALaterPageOfASearchShowsItOnThatPage() {
        String page = admin.get("/admin/users?q=Z&page=1").body();
        String action = action(page, "/admin/users/" + zed.id() + "/password");
        WebClient.Page reset = admin.post(action, Map.of());
        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.body()).contains("Password for zed.zimmer@unsilo.test, shown only now", "id=\"new-password\"",
                "matching “Z”");
        assertThat(addresses(reset.body())).contains("zed.zimmer@unsilo.test");
        WebClient.Page again = admin.post(action, Map.of());
        assertThat(again.status()).as("sent again").isEqualTo(409);
        assertThat(again.body()).as("a link back to the same page").contains("href=\"/admin/users?q=Z&amp;page=1\"");
    }

    @Test
    void aNewPasswordAskedWithASearchTheListRefusesIsNotSet() {
        UserRow colleague = server.app().users().findByEmail("colleague007@unsilo.test").orElseThrow();
        admin.get("/admin/users");
        WebClient.Page refused = admin.post("/admin/users/" + colleague.id() + "/password?q=" + "x".repeat(201), Map.of());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Search for at most 200 characters.").doesNotContain("id=\"new-password\"");
        Optional<String> hash = server.app().db().read(h -> h.attach(UserDao.class).passwordHash(colleague.id()));
        assertThat(hash).as("no password set").isEmpty();
    }

    private static List<String> names(String page) {
        return ROW.matcher(page).results().map(m -> m.group(1)).toList();
    }

    private static List<String> addresses(String page) {
        return ROW.matcher(page).results().map(m -> m.group(2)).toList();
    }

    /** The address of the link with this id, or null. */
    private static String link(String page, String id) {
        Matcher m = Pattern.compile("href=\"([^\"]*)\" id=\"" + id + "\"").matcher(page);
        return m.find() ? m.group(1).replace("&amp;", "&") : null;
    }

    /** The address of the form that posts to {@code path} (with whatever query it carries). */
    private static String action(String page, String path) {
        Matcher m = Pattern.compile("action=\"(" + Pattern.quote(path) + "[^\"]*)\"").matcher(page);
        assertThat(m.find()).as("a form to " + path).isTrue();
        return m.group(1).replace("&amp;", "&");
    }
}
