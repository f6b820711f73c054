package org.unsilo.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteStampsTest {

    private final WriteStamps stamps = new WriteStamps();

    @Test
    void whatWasReadBeforeAChangeIsStaleAndWhatWasReadAfterIsFresh() {
        long before = stamps.now();
        Changes changes = Changes.collect();
        changes.contacts(List.of(42L));
        changes.addresses(List.of("ann@example.com"));
        changes.applyTo(stamps);
        long after = stamps.now();

        assertThat(stamps.contactUnchangedSince(42, before)).isFalse();
        assertThat(stamps.addressUnchangedSince("ann@example.com", before)).isFalse();
        assertThat(stamps.contactUnchangedSince(42, after)).isTrue();
        assertThat(stamps.addressUnchangedSince("ann@example.com", after)).isTrue();
    }

    @Test
    void aChangeToSomeContactsLeavesAlmostAllOthersFresh() {
        long before = stamps.now();
        Changes changes = Changes.collect();
        changes.contacts(List.of(1L, 2L, 3L));
        changes.applyTo(stamps);

        // Contacts share a stripe now and then: a few others may be read again, never many.
        long stale = 0;
        for (long id = 4; id < 10_004; id++) {
            stale += stamps.contactUnchangedSince(id, before) ? 0 : 1;
        }
        assertThat(stale).isLessThan(10);
        assertThat(stamps.addressUnchangedSince("ann@example.com", before)).isTrue();
    }

    @Test
    void everythingAndNothing() {
        long before = stamps.now();
        Changes.none().applyTo(stamps);
        assertThat(stamps.contactUnchangedSince(7, before)).isTrue();

        Changes.everything().applyTo(stamps);
        assertThat(stamps.contactUnchangedSince(7, before)).isFalse();
        assertThat(stamps.addressUnchangedSince("bob@example.com", before)).isFalse();
        assertThat(stamps.contactUnchangedSince(7, stamps.now())).isTrue();
    }

    @Test
    void everyWriteOfTheDatabaseCountsAsAChangeUnlessItSaysOtherwise(@TempDir Path dir) {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("unsilo.db"))) {
            long before = db.stamps().now();
            db.write(Changes.none(), h -> h.execute("UPDATE app_user SET display_name = display_name"));
            assertThat(db.stamps().contactUnchangedSince(1, before)).isTrue();

            db.write(h -> h.execute("UPDATE app_user SET display_name = display_name"));
            assertThat(db.stamps().contactUnchangedSince(1, before)).isFalse();
        }
    }
}
