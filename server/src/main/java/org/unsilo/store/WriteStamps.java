package org.unsilo.store;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * When committed writes last changed what lookups read, for a cache of their results to tell a fresh entry from a
 * stale one: an entry read after time {@code t} of {@link #now()} is fresh while nothing it depends on changed after
 * {@code t}. Every write of this server reports here once it has ended ({@link Database#write(Changes,
 * org.jdbi.v3.core.HandleCallback)}), before its caller learns the outcome, so a client reads its own writes.
 *
 * <p>Contacts and addresses are tracked in stripes of a fixed array rather than one by one: a change to one marks
 * the few others of its stripe as changed too, which costs them a read and keeps the memory fixed.
 */
public final class WriteStamps {

    private static final int STRIPES = 1 << 14;

    private final AtomicLong clock = new AtomicLong();
    private final AtomicLong everything = new AtomicLong();
    private final AtomicLongArray contacts = new AtomicLongArray(STRIPES);
    private final AtomicLongArray addresses = new AtomicLongArray(STRIPES);

    /** To be taken before reading: entries read afterwards are stamped with it. */
    public long now() {
        return clock.get();
    }

    public boolean contactUnchangedSince(long contactId, long stamp) {
        return stamp >= everything.get() && stamp >= contacts.get(stripe(Long.hashCode(contactId)));
    }

    public boolean addressUnchangedSince(String address, long stamp) {
        return stamp >= everything.get() && stamp >= addresses.get(stripe(address.hashCode()));
    }

    void everythingChanged() {
        // The highest stamp wins: two writes ending at once may report in either order.
        everything.accumulateAndGet(clock.incrementAndGet(), Math::max);
    }

    void changed(Collection<Long> contactIds, Collection<String> emails) {
        // One new stamp, above any a reader holds now: whatever such a reader caches of these is stale.
        long stamp = clock.incrementAndGet();
        contactIds.forEach(id -> contacts.accumulateAndGet(stripe(Long.hashCode(id)), stamp, Math::max));
        emails.forEach(a -> addresses.accumulateAndGet(stripe(a.hashCode()), stamp, Math::max));
    }

    private static int stripe(int hash) {
        // Spread the bits: contact ids are sequential and addresses' hash codes cluster in their low bits.
        return (hash ^ (hash >>> 16)) * 0x9E3779B1 >>> 18;
    }
}
