package org.unsilo.contacts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.unsilo.capture.EmailAddress;
import org.unsilo.store.KnownByRow;
import org.unsilo.store.WriteStamps;

/**
 * What lookups found, kept between requests, by address as asked for: the address checked, which contact has it, and
 * that contact's card (the contact, the staff who know them, their recent conversations). An add-in looks up the same
 * few correspondents every time a message of theirs opens, and an answer from memory costs a fraction of the six SQL
 * statements behind it. One entry per address, read once per lookup: each read of a bounded cache reorders its
 * entries, which was a good part of a lookup's CPU when an address took three.
 *
 * <p>Entries are never updated, only judged and replaced: what one holds is used while no write changed what it was
 * read from since it was read ({@link WriteStamps}: this server's writes, and other processes' commits, which it
 * learns of at its next write), and for at most {@code maxAge}, which bounds how long such a commit can go unseen on
 * an idle server. A card's recent conversations are kept for every viewer ({@link ShownRecent}): who may see a
 * private one differs.
 */
final class LookupCache {

    /**
     * A contact as lookups show it, read at stamp {@code readAt}; {@code knownBy} as read (strength decays with the
     * time of each lookup), {@code recent} for each viewer; {@code memo} (null when nothing is kept) for what the
     * caller makes of the answer.
     */
    record Card(long readAt, Views.Contact contact, ShownKnownBy knownBy, ShownRecent recent, AnswerMemo memo) {
    }

    /**
     * What is known of an address as asked for: {@code email} as checked, the contact that has it ({@code contactId},
     * null: none) as read at stamp {@code readAt}, and that contact's card when one was read (else null).
     */
    record Known(EmailAddress email, long readAt, Long contactId, Card card) {
    }

    private final WriteStamps stamps;
    private final boolean enabled;
    private final Cache<String, Known> known;
    private final LongAdder cardsCached = new LongAdder();
    private final LongAdder cardsRead = new LongAdder();

    /** {@code maxBytes} 0: nothing is kept, every lookup reads the database. */
    LookupCache(WriteStamps stamps, long maxBytes, Duration maxAge) {
        this.stamps = stamps;
        this.enabled = maxBytes > 0;
        // Built either way (a cache holds at least a byte); nothing is put in it when off.
        this.known = Caffeine.newBuilder().maximumWeight(Math.max(maxBytes, 1))
                .weigher((String address, Known k) -> weigh(address, k))
                .expireAfterWrite(maxAge).executor(Runnable::run).build();
    }

    boolean enabled() {
        return enabled;
    }

    /** Taken before reading what will be cached. */
    long stamp() {
        return stamps.now();
    }

    /** What was found for {@code address} (as asked for), fresh or not; null if nothing. */
    Known known(String address) {
        return enabled ? known.getIfPresent(address) : null;
    }

    /** Whether the contact {@code k} names still has its address. */
    boolean ownerFresh(Known k) {
        return stamps.addressUnchangedSince(k.email().address(), k.readAt());
    }

    /** The card {@code k} holds if there is one and it is fresh, else null. */
    Card freshCard(Known k) {
        Card c = k.card();
        if (c != null && stamps.contactUnchangedSince(c.contact().id(), c.readAt())) {
            cardsCached.increment();
            return c;
        }
        return null;
    }

    /** Counts cards read from the database (not kept, stale, or the cache off). */
    void read(int cards) {
        cardsRead.add(cards);
    }

    void put(String address, Known k) {
        if (enabled) {
            known.put(address, k);
        }
    }

    /** Contacts answered from memory so far. */
    long cardsCached() {
        return cardsCached.sum();
    }

    /** Contacts that had to be read (not kept, stale, or the cache off) so far. */
    long cardsRead() {
        return cardsRead.sum();
    }

    // Rough heap sizes, in bytes: an object header with a few fields, a string beyond its characters (compact
    // strings: one byte each for the usual Latin-1 text).
    private static final int OBJECT = 48;
    private static final int STRING = 56;

    private static int weigh(String address, Known k) {
        EmailAddress e = k.email();
        int bytes = 2 * OBJECT + length(address) + length(e.address()) + length(e.localPart()) + length(e.domain())
                + length(e.displayDomain());
        return k.card() == null ? bytes : bytes + weigh(k.card());
    }

    private static int weigh(Card card) {
        Views.Contact c = card.contact();
        long bytes = 3L * OBJECT + length(c.name()) + length(c.title()) + length(c.source());
        for (String e : c.emails()) {
            bytes += length(e);
        }
        for (String p : c.phones()) {
            bytes += length(p);
        }
        if (c.organization() != null) {
            bytes += OBJECT + length(c.organization().name()) + length(c.organization().domain());
        }
        for (KnownByRow k : card.knownBy().rows()) {
            bytes += OBJECT + length(k.email()) + length(k.displayName()) + length(k.status());
        }
        bytes += weighConversations(card.recent().rows());
        return withJson(bytes);
    }

    /**
     * {@code bytes} of objects with the JSON of the answer that shows them, kept in the card's memo (api.LookupApi):
     * about three quarters of that again. Measured: 120,094 addresses of the bench's 100k contacts took 977 MB of heap
     * after a full GC; with room for 512 MB, 552 MB at three fifths. (A card with a private message among its recent
     * conversations also keeps each viewer's selection of them, a few references each.)
     */
    private static int withJson(long bytes) {
        return (int) Math.min(Integer.MAX_VALUE, bytes * 7 / 4);
    }

    private static int weighConversations(List<Views.Conversation> conversations) {
        int bytes = 0;
        for (Views.Conversation v : conversations) {
            bytes += 2 * OBJECT + length(v.internetMessageId()) + length(v.subject()) + length(v.snippet())
                    + length(v.threadKey()) + length(v.from());
        }
        return bytes;
    }

    private static int length(String s) {
        return s == null ? 0 : STRING + s.length();
    }
}
