package org.unsilo.web;

import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.unsilo.demo.DemoGenerator;
import org.unsilo.store.UserRow;
import org.unsilo.testing.TestServer;

/**
 * A server loaded with the data set of {@code unsilo demo} ({@link DemoGenerator}, small options), every staff member
 * given a web sign-in password as an admin would with {@code unsilo users password}. The web view's tests read what
 * they expect from the database itself, never from numbers written down here.
 */
final class WebDemoData {

    static final String PASSWORD = "correct horse battery";
    /**
     * Six staff, 200 contacts, 1,500 messages: enough for duplicates, private conversations, a leaver and a clear
     * who-knows-whom.
     */
    static final DemoGenerator.Options OPTIONS = new DemoGenerator.Options(6, 200, 1_500, 3);

    final TestServer server;
    /** The demo's active staff, first the admin it makes, then its members (without the test server's own admin). */
    final List<UserRow> staff;
    /** The colleague the demo has leave. */
    final UserRow leaver;

    private WebDemoData(TestServer server) {
        this.server = server;
        new DemoGenerator(server.app().users(), server.app().captures(), server.app().leavers(), server.app().db(),
                server.app().clock())
                .generate(OPTIONS, n -> { });
        List<UserRow> demoStaff = server.app().users().list(0, 100).stream().filter(u -> u.id() != server.admin().id()).toList();
        this.staff = demoStaff.stream().filter(UserRow::isActive).toList();
        this.leaver = demoStaff.stream().filter(u -> !u.isActive()).findFirst().orElseThrow();
        for (UserRow u : server.app().users().list(0, 100)) {
            if (u.isActive()) {
                server.app().passwords().set(null, u.id(), PASSWORD);
            }
        }
    }

    static WebDemoData load(TestServer server) {
        return new WebDemoData(server);
    }

    UserRow admin() {
        return staff.get(0);
    }

    List<UserRow> members() {
        return staff.subList(1, staff.size());
    }

    long count(String sql, Object... args) {
        return server.app().db().read(h -> query(h, sql, args).mapTo(Long.class).one());
    }

    List<Long> ids(String sql, Object... args) {
        return server.app().db().read(h -> query(h, sql, args).mapTo(Long.class).list());
    }

    List<String> strings(String sql, Object... args) {
        return server.app().db().read(h -> query(h, sql, args).mapTo(String.class).list());
    }

    List<Map<String, Object>> rows(String sql, Object... args) {
        return server.app().db().read(h -> query(h, sql, args).mapToMap().list());
    }

    private static Query query(Handle h, String sql, Object... args) {
        Query q = h.createQuery(sql);
        for (int i = 0; i < args.length; i++) {
            q.bind(i, args[i]);
        }
        return q;
    }
}
