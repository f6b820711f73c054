package org.unsilo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.unsilo.auth.ApiTokens;
import org.unsilo.http.Json;
import org.unsilo.store.Database;

/**
 * A check for performance work on the server: starts two server jars (say, before and after a change) on copies of
 * the same generated database, sends both the same lookups and captures one at a time, and reports any response
 * that differs (numbers compared to 0.1 %), then compares the stored rows. Usage:
 * {@code CompareServers OLD_JAR NEW_JAR [DB]}; exits 1 on any difference.
 */
public final class CompareServers {

    private CompareServers() {
    }

    public static void main(String[] args) throws Exception {
        Path oldJar = Path.of(args[0]);
        Path newJar = Path.of(args[1]);
        Path source = Path.of(args.length > 2 ? args[2] : "bench/target/data/unsilo-100000c-500000m.db");
        Path dir = Path.of("bench/target/compare");
        Files.createDirectories(dir);
        ObjectMapper json = Json.mapper();
        Path[] dbs = {dir.resolve("old.db"), dir.resolve("new.db")};
        List<List<String>> tokens = new ArrayList<>();
        for (Path db : dbs) {
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Files.deleteIfExists(Path.of(db + suffix));
            }
            Files.copy(source, db, StandardCopyOption.REPLACE_EXISTING);
            List<String> t = new ArrayList<>();
            try (Database d = Database.open("jdbc:sqlite:" + db)) {
                ApiTokens apiTokens = new ApiTokens(d, Clock.systemUTC());
                for (int u = 1; u <= 20; u++) {
                    t.add(apiTokens.create(u, "compare").secret());
                }
            }
            tokens.add(t);
        }
        Workload workload = new Workload(dbs[0]);
        int[] ports = {ServerProcess.freePort(), ServerProcess.freePort()};
        int differences = 0;
        try (ServerProcess a = ServerProcess.start("old", List.of("-jar", oldJar.toString(), "serve", "--db-url", "jdbc:sqlite:" + dbs[0],
                "--port", Integer.toString(ports[0])), Map.of("UNSILO_DATA_DIR", dir.resolve("data-old").toString()),
                dir.resolve("old.log"), ports[0]);
             ServerProcess b = ServerProcess.start("new", List.of("-jar", newJar.toString(), "serve", "--db-url", "jdbc:sqlite:" + dbs[1],
                     "--port", Integer.toString(ports[1])), Map.of("UNSILO_DATA_DIR", dir.resolve("data-new").toString()),
                     dir.resolve("new.log"), ports[1]);
             HttpLoad.Connection ca = new HttpLoad.Connection(ports[0]);
             HttpLoad.Connection cb = new HttpLoad.Connection(ports[1])) {
            Random rnd = new Random(5);
            int lookups = 0;
            for (int i = 0; i < 1_000; i++) {
                byte[] body;
                if (i % 10 == 9) {
                    // Unknown, staff, invalid and repeated addresses too.
                    body = ("{\"addresses\":[{\"address\":\"nobody" + i + "@" + workload.orgDomains[i % workload.orgDomains.length]
                            + "\"},\"" + workload.staff.get(i % 20).address() + "\",\"not an address\",{\"address\":\""
                            + workload.knownAddresses[i] + "\"},{\"address\":\"" + workload.knownAddresses[i].toUpperCase()
                            + "\"},{\"address\":\"x" + i + "@gmail.com\"}]}").getBytes();
                } else {
                    body = Workload.lookupBody(workload.lookupAddresses(rnd, 1 + rnd.nextInt(6)));
                }
                int user = i % 20;
                differences += compare(json, "lookup " + i, ca, cb,
                        HttpLoad.request("POST", "/api/v1/lookup", ports[0], tokens.get(0).get(user), body),
                        HttpLoad.request("POST", "/api/v1/lookup", ports[1], tokens.get(1).get(user), body));
                lookups++;
            }
            List<Workload.CaptureSpec> specs = workload.captures(500, "cmp", 11);
            for (Workload.CaptureSpec s : specs) {
                byte[] body = Workload.captureBody(json, s);
                int user = (int) s.capturedBy() - 1;
                differences += compare(json, "capture " + s.index(), ca, cb,
                        HttpLoad.request("POST", "/api/v1/captures", ports[0], tokens.get(0).get(user), body),
                        HttpLoad.request("POST", "/api/v1/captures", ports[1], tokens.get(1).get(user), body));
            }
            // The same captures again: now duplicates (200).
            for (Workload.CaptureSpec s : specs.subList(0, 50)) {
                byte[] body = Workload.captureBody(json, s);
                int user = ((int) s.capturedBy()) % 20;
                differences += compare(json, "re-capture " + s.index(), ca, cb,
                        HttpLoad.request("POST", "/api/v1/captures", ports[0], tokens.get(0).get(user), body),
                        HttpLoad.request("POST", "/api/v1/captures", ports[1], tokens.get(1).get(user), body));
            }
            System.out.println("Compared " + lookups + " lookups and " + (specs.size() + 50) + " captures");
        }
        String[] queries = {"SELECT COUNT(*) FROM message", "SELECT COUNT(*) FROM message_party", "SELECT COUNT(*) FROM message_copy",
                "SELECT COUNT(*) FROM contact", "SELECT COUNT(*) FROM contact_email", "SELECT COUNT(*) FROM organization",
                "SELECT COUNT(*) || ' ' || SUM(message_count) || ' ' || SUM(sent_count) || ' ' || SUM(received_count) FROM relationship",
                "SELECT printf('%.6e', SUM(score)) FROM relationship",
                "SELECT group_concat(thread_key) FROM (SELECT thread_key FROM message ORDER BY id DESC LIMIT 600)"};
        for (String q : queries) {
            String[] values = new String[2];
            for (int k = 0; k < 2; k++) {
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbs[k]); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery(q)) {
                    rs.next();
                    values[k] = rs.getString(1);
                }
            }
            if (!values[0].equals(values[1])) {
                differences++;
                System.out.println("DIFF " + q + ": " + abbreviate(values[0]) + " vs " + abbreviate(values[1]));
            }
        }
        System.out.println(differences == 0 ? "No differences." : differences + " differences.");
        System.exit(differences == 0 ? 0 : 1);
    }

    private static int compare(ObjectMapper json, String what, HttpLoad.Connection ca, HttpLoad.Connection cb, byte[] ra, byte[] rb)
            throws Exception {
        int sa = ca.send(ra);
        String ba = ca.lastBody();
        int sb = cb.send(rb);
        String bbody = cb.lastBody();
        if (sa != sb || !same(normalise(json.readTree(ba)), normalise(json.readTree(bbody)), "")) {
            System.out.println("DIFF " + what + " at " + lastPath + ": " + sa + " " + abbreviate(String.valueOf(lastA)) + "\n   vs "
                    + sb + " " + abbreviate(String.valueOf(lastB)));
            return 1;
        }
        return 0;
    }

    /** Staff with equal strength may come in either order: sort each knownBy list by (strength, user id). */
    private static JsonNode normalise(JsonNode node) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("knownBy") && e.getValue().isArray()) {
                    List<JsonNode> items = new ArrayList<>();
                    e.getValue().forEach(items::add);
                    items.sort(java.util.Comparator.comparingDouble((JsonNode n) -> -n.path("strength").asDouble())
                            .thenComparingLong(n -> n.path("user").path("id").asLong()));
                    com.fasterxml.jackson.databind.node.ArrayNode sorted = ((com.fasterxml.jackson.databind.node.ArrayNode) e.getValue());
                    sorted.removeAll();
                    items.forEach(sorted::add);
                } else {
                    normalise(e.getValue());
                }
            });
        } else if (node.isArray()) {
            node.forEach(CompareServers::normalise);
        }
        return node;
    }

    private static String lastPath;
    private static JsonNode lastA;
    private static JsonNode lastB;

    private static boolean same(JsonNode a, JsonNode b, String path) {
        lastPath = path;
        lastA = a;
        lastB = b;
        if (a.isNumber() && b.isNumber()) {
            double x = a.asDouble();
            double y = b.asDouble();
            return x == y || Math.abs(x - y) <= 1e-3 * Math.max(Math.abs(x), Math.abs(y));
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!b.has(f) || !same(a.get(f), b.get(f), path + "." + f)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i), path + "[" + i + "]")) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() > 600 ? s.substring(0, 600) + "…" : s;
    }
}
