package org.unsilo.relationships;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.unsilo.store.RelationshipRow;
import org.unsilo.testing.TestServer;

/** The relationship rows a server holds, and the comparison of two sets of them, for the tests of how they are made. */
final class StoredFigures {

    private StoredFigures() {
    }

    /** Every pair's row, by user and contact. */
    static List<RelationshipRow> of(TestServer server) {
        return server.app().db().read(h -> h.createQuery("SELECT user_id, contact_id, first_at, last_at, sent_count,"
                        + " received_count, message_count, score FROM relationship ORDER BY user_id, contact_id")
                .map((rs, ctx) -> new RelationshipRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getDouble(8)))
                .list());
    }

    /**
     * The same pairs with every figure the same; the score, which captures in random order add up in another order than
     * a replay, up to {@code relativeError}. A missed or extra bonus of one message is far more than that.
     */
    static void assertSame(List<RelationshipRow> actual, List<RelationshipRow> expected, double relativeError) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            RelationshipRow a = expected.get(i);
            RelationshipRow b = actual.get(i);
            assertThat(new RelationshipRow(b.userId(), b.contactId(), b.firstAt(), b.lastAt(), b.sentCount(), b.receivedCount(),
                    b.messageCount(), 0)).isEqualTo(new RelationshipRow(a.userId(), a.contactId(), a.firstAt(), a.lastAt(),
                    a.sentCount(), a.receivedCount(), a.messageCount(), 0));
            assertThat(b.score()).as("user " + a.userId() + " / contact " + a.contactId())
                    .isCloseTo(a.score(), within(Math.abs(a.score()) * relativeError));
        }
    }
}
