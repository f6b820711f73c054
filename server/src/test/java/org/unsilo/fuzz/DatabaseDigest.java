package org.unsilo.fuzz;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.unsilo.App;
import org.unsilo.testing.TestDatabase;

/**
 * Row count and content hash of every application table. Columns that differ between two runs of the same
 * requests are left out of the hash: times, secrets and their hashes, random state, and stored responses (which
 * carry times).
 */
final class DatabaseDigest {

    private static final Pattern VOLATILE = Pattern.compile("(?i)at|.*_at|.*_hash|token_prefix|csrf_token|code_verifier"
            + "|.*_until|response_body|round_mark|task_instance|picked_by|version|last_heartbeat|execution_time");

    private DatabaseDigest() {
    }

    /** Table name → "rows=N sha256=…". */
    static Map<String, String> of(App app) {
        app.activity().flush();
        return app.db().read(h -> {
            Map<String, String> out = new TreeMap<>();
            for (String table : TestDatabase.tables(h)) {
                if (table.equals("rate_limit_bucket")) {
                    // Traffic accounting, not data: every request, refused or not, takes from its caller's bucket, and
                    // how full a bucket is when the digest is taken depends on timing (PostgreSQL keeps them here).
                    continue;
                }
                List<String> rows = new ArrayList<>();
                for (Map<String, Object> row : h.createQuery("SELECT * FROM " + table).mapToMap().list()) {
                    StringBuilder b = new StringBuilder();
                    new TreeMap<>(row).forEach((column, value) -> {
                        if (!VOLATILE.matcher(column).matches()) {
                            b.append(column).append('=').append(value).append('\u0001');
                        }
                    });
                    rows.add(b.toString());
                }
                rows.sort(null);
                out.put(table, "rows=" + rows.size() + " sha256=" + sha256(String.join("\n", rows)).substring(0, 16));
            }
            return out;
        });
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
