package org.unsilo.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.unsilo.capture.FreemailDomains;
import org.unsilo.capture.OrganizationInference;

/**
 * What the load clients send, made once before any timing from the generated database: lookup bodies of five
 * random known addresses, and distinct capture messages (3–6 parties: the capturing staff member, sometimes a
 * colleague, known contacts and new external addresses at known organisations, new organisations and free-mail).
 */
final class Workload {

    record Staff(long id, String address, String name) {
    }

    /** One party of a capture; {@code staffId} is set for staff, {@code orgDomain} for a new address at an organisation. */
    record CaptureParty(String address, String name, String role, Long staffId, String orgDomain) {
    }

    record CaptureSpec(int index, long capturedBy, String internetMessageId, String subject, Instant sentAt, String snippet,
                       List<CaptureParty> parties) {
        CaptureParty from() {
            return parties.get(0);
        }
    }

    final List<Staff> staff = new ArrayList<>();
    final String[] knownAddresses;
    final String[] knownNames;
    final String[] orgDomains;
    private final OrganizationInference inference = new OrganizationInference(FreemailDomains.builtIn());

    Workload(Path db) throws Exception {
        List<String> addresses = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> domains = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT id, email, display_name FROM app_user ORDER BY id")) {
                while (rs.next()) {
                    staff.add(new Staff(rs.getLong(1), rs.getString(2), rs.getString(3)));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT e.address, c.display_name FROM contact_email e JOIN contact c"
                    + " ON c.id = e.contact_id ORDER BY e.address")) {
                while (rs.next()) {
                    addresses.add(rs.getString(1));
                    names.add(rs.getString(2));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT domain FROM organization ORDER BY id")) {
                while (rs.next()) {
                    domains.add(rs.getString(1));
                }
            }
        }
        knownAddresses = addresses.toArray(String[]::new);
        knownNames = names.toArray(String[]::new);
        orgDomains = domains.toArray(String[]::new);
    }

    /** {@code n} distinct random known addresses. */
    List<String> lookupAddresses(Random rnd, int n) {
        java.util.Set<Integer> picked = new java.util.LinkedHashSet<>();
        while (picked.size() < n) {
            picked.add(rnd.nextInt(knownAddresses.length));
        }
        return picked.stream().map(i -> knownAddresses[i]).toList();
    }

    /** {@code {"addresses":[{"address":…},…]}}. */
    static byte[] lookupBody(List<String> addresses) {
        StringBuilder sb = new StringBuilder("{\"addresses\":[");
        for (int i = 0; i < addresses.size(); i++) {
            sb.append(i == 0 ? "" : ",").append("{\"address\":\"").append(addresses.get(i)).append("\"}");
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    List<CaptureSpec> captures(int count, String runId, long seed) {
        Random rnd = new Random(seed);
        long now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toEpochMilli();
        List<CaptureSpec> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Staff capturer = staff.get(i % staff.size());
            int partyCount = 3 + rnd.nextInt(4);
            List<CaptureParty> people = new ArrayList<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            people.add(new CaptureParty(capturer.address(), capturer.name(), null, capturer.id(), null));
            seen.add(capturer.address());
            if (rnd.nextInt(100) < 20) {
                Staff other = staff.get(rnd.nextInt(staff.size()));
                if (seen.add(other.address())) {
                    people.add(new CaptureParty(other.address(), other.name(), null, other.id(), null));
                }
            }
            int k = 0;
            while (people.size() < partyCount) {
                k++;
                int kind = rnd.nextInt(100);
                String first = DataGenerator.FIRST[rnd.nextInt(DataGenerator.FIRST.length)];
                String last = DataGenerator.LAST[rnd.nextInt(DataGenerator.LAST.length)];
                String local = (first + "." + last + "." + runId + "." + i + "." + k).toLowerCase();
                CaptureParty p;
                if (kind < 60) {
                    int idx = rnd.nextInt(knownAddresses.length);
                    p = new CaptureParty(knownAddresses[idx], knownNames[idx], null, null, null);
                } else if (kind < 88) {
                    String d = orgDomains[rnd.nextInt(orgDomains.length)];
                    p = new CaptureParty(local + "@" + d, first + " " + last, null, null, d);
                } else if (kind < 95) {
                    String d = "newco-" + runId + "-" + i + "-" + k + ".com";
                    p = new CaptureParty(local + "@" + d, first + " " + last, null, null, d);
                } else {
                    String d = DataGenerator.FREEMAIL[rnd.nextInt(DataGenerator.FREEMAIL.length)];
                    p = new CaptureParty(local + "@" + d, first + " " + last, null, null, null);
                }
                if (p.orgDomain() != null && !inference.organizationDomain(DataGenerator.domainOf(p.address())).isPresent()) {
                    throw new IllegalStateException("bad generated domain " + p.address());
                }
                if (seen.add(p.address())) {
                    people.add(p);
                }
            }
            // The capturing staff member sent it half of the time; otherwise the first external party did.
            int firstExternal = 0;
            while (people.get(firstExternal).staffId() != null) {
                firstExternal++;
            }
            int senderIdx = rnd.nextBoolean() ? 0 : firstExternal;
            List<CaptureParty> ordered = new ArrayList<>();
            ordered.add(withRole(people.get(senderIdx), "from"));
            List<CaptureParty> rest = new ArrayList<>(people);
            rest.remove(senderIdx);
            java.util.Collections.shuffle(rest, rnd);
            int toCount = 1 + rnd.nextInt(Math.min(2, rest.size()));
            for (int r = 0; r < rest.size(); r++) {
                ordered.add(withRole(rest.get(r), r < toCount ? "to" : "cc"));
            }
            String topic = DataGenerator.TOPICS[rnd.nextInt(DataGenerator.TOPICS.length)];
            String subject = topic + " (bench " + runId + "-" + i + ")";
            Instant sentAt = Instant.ofEpochMilli(now - 60_000L * (1 + rnd.nextInt(60 * 24 * 60)));
            String snippet = "Hi, " + DataGenerator.PHRASES[rnd.nextInt(DataGenerator.PHRASES.length)] + ". "
                    + DataGenerator.PHRASES[rnd.nextInt(DataGenerator.PHRASES.length)] + " (" + i + ")";
            out.add(new CaptureSpec(i, capturer.id(), "<bench-" + runId + "-" + i + "@" + DataGenerator.STAFF_DOMAIN + ">",
                    subject, sentAt, snippet, ordered));
        }
        return out;
    }

    private static CaptureParty withRole(CaptureParty p, String role) {
        return new CaptureParty(p.address(), p.name(), role, p.staffId(), p.orgDomain());
    }

    static byte[] captureBody(ObjectMapper json, CaptureSpec s) {
        ObjectNode o = json.createObjectNode();
        o.put("source", "outlook");
        o.put("internetMessageId", s.internetMessageId());
        o.put("subject", s.subject());
        o.put("sentAt", s.sentAt().toString());
        ArrayNode to = json.createArrayNode();
        ArrayNode cc = json.createArrayNode();
        for (CaptureParty p : s.parties()) {
            ObjectNode node = json.createObjectNode().put("address", p.address()).put("name", p.name());
            switch (p.role()) {
                case "from" -> o.set("from", node);
                case "to" -> to.add(node);
                default -> cc.add(node);
            }
        }
        o.set("to", to);
        o.set("cc", cc);
        o.put("snippet", s.snippet());
        try {
            return json.writeValueAsBytes(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
