package org.unsilo.http;

import com.google.common.io.BaseEncoding;
import java.nio.charset.StandardCharsets;

/** Opaque pagination cursors: the position after which the next page starts, base64url-encoded. */
public final class Cursor {

    private Cursor() {
    }

    public static String encode(long... position) {
        StringBuilder sb = new StringBuilder();
        for (long p : position) {
            if (sb.length() > 0) {
                sb.append(':');
            }
            sb.append(p);
        }
        return BaseEncoding.base64Url().omitPadding().encode(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a cursor of {@code parts} numbers; a missing cursor is all zeros (the first page). */
    public static long[] decode(String cursor, int parts) {
        long[] out = new long[parts];
        if (cursor == null || cursor.isEmpty()) {
            return out;
        }
        try {
            String[] fields = new String(BaseEncoding.base64Url().omitPadding().decode(cursor), StandardCharsets.UTF_8).split(":");
            if (fields.length != parts) {
                throw new IllegalArgumentException();
            }
            for (int i = 0; i < parts; i++) {
                // ASCII digits only: Long.parseLong also takes other scripts' digits, which no cursor of ours holds.
                if (!fields[i].matches("-?[0-9]{1,19}")) {
                    throw new IllegalArgumentException();
                }
                out[i] = Long.parseLong(fields[i]);
            }
            return out;
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    /** The answer to a cursor this server did not write. */
    public static ApiException invalid() {
        return ApiException.badRequest("cursor is not valid; use the nextCursor value of the previous page");
    }
}
