package org.unsilo.contacts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.unsilo.store.KnownByRow;
import org.unsilo.store.WriteStamps;

/**
 * What lookups found, kept between requests: which contact has an address, and each contact's card (the contact, the
 * staff who know them, their recent conversations). An add-in looks up the same few correspondents every time a
 * message of theirs opens, and an answer from memory costs a fraction of the six SQL statements behind it.
 *
 * <p>Entries are never updated, only judged: one is used while no write changed what it was read from since it was
 * read ({@link WriteStamps}: this server's writes, and other processes' commits, which it learns of at its next
 * write), and for at most {@code maxAge}, which bounds how long such a commit can go unseen on an idle server. Cards
 * whose recent conversations include a private message keep none: who may see those differs by viewer (they are
 * kept per viewer instead).
 */
final class LookupCache {

    /**
     * A contact as every viewer's lookup shows it, read at stamp {@code readAt}; {@code knownBy} as read (strength
     * decays with the time of each lookup), {@code recent} null when it differs by viewer.
     */
    record Card(long readAt, Views.Contact contact, ShownKnownBy knownBy, List<Views.Conversation> recent) {
    }

    /** The contact that has an address ({@code contactId} null: none), read at stamp {@code readAt}. */
    record Owner(long readAt, Long contactId) {
    }

    /** A contact's recent conversations as one viewer may see them, for a card that keeps none. */
    private record ViewerKey(long contactId, long viewerId) {
    }

    private record Recent(long readAt, List<Views.Conversation> conversations) {
    }

    private final WriteStamps stamps;
    private final boolean enabled;
    private final Cache<Long, Card> cards;
    private final Cache<String, Owner> owners;
    private final Cache<ViewerKey, Recent> recents;
    private final LongAdder cardsCached = new LongAdder();
    private final LongAdder cardsRead = new LongAdder();

    /** {@code maxBytes} 0: nothing is kept, every lookup reads the database. */
    LookupCache(WriteStamps stamps, long maxBytes, Duration maxAge) {
        this.stamps = stamps;
        this.enabled = maxBytes > 0;
        // Addresses are small, and few contacts have a private message among their recent ones: an eighth of the room
        // for each, the rest for cards.
        long eighth = maxBytes / 8;
        this.cards = Caffeine.newBuilder().maximumWeight(maxBytes - 2 * eighth).weigher(LookupCache::weigh)
                .expireAfterWrite(maxAge).executor(Runnable::run).build();
        this.owners = Caffeine.newBuilder().maximumWeight(eighth)
                .weigher((String address, Owner o) -> OBJECT + STRING + address.length())
                .expireAfterWrite(maxAge).executor(Runnable::run).build();
        this.recents = Caffeine.newBuilder().maximumWeight(eighth)
                .weigher((ViewerKey k, Recent r) -> withJson(OBJECT + weighConversations(r.conversations())))
                .expireAfterWrite(maxAge).executor(Runnable::run).build();
    }

    boolean enabled() {
        return enabled;
    }

    /** Taken before reading what will be cached. */
    long stamp() {
        return stamps.now();
    }

    /** The owner of {@code address} if known and fresh, else null. */
    Owner owner(String address) {
        Owner o = enabled ? owners.getIfPresent(address) : null;
        return o != null && stamps.addressUnchangedSince(address, o.readAt()) ? o : null;
    }

    void putOwner(String address, Long contactId, long readAt) {
        if (enabled) {
            owners.put(address, new Owner(readAt, contactId));
        }
    }

    /** The card of {@code contactId} if kept and fresh, else null. */
    Card card(long contactId) {
        Card c = enabled ? cards.getIfPresent(contactId) : null;
        if (c != null && stamps.contactUnchangedSince(contactId, c.readAt())) {
            cardsCached.increment();
            return c;
        }
        cardsRead.increment();
        return null;
    }

    void putCard(Card card) {
        if (enabled) {
            cards.put(card.contact().id(), card);
        }
    }

    /** The conversations {@code viewerId} may see of a contact whose card keeps none, if kept and fresh, else null. */
    List<Views.Conversation> recent(long contactId, long viewerId) {
        Recent r = enabled ? recents.getIfPresent(new ViewerKey(contactId, viewerId)) : null;
        return r != null && stamps.contactUnchangedSince(contactId, r.readAt()) ? r.conversations() : null;
    }

    void putRecent(long contactId, long viewerId, List<Views.Conversation> conversations, long readAt) {
        if (enabled) {
            recents.put(new ViewerKey(contactId, viewerId), new Recent(readAt, conversations));
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

    private static int weigh(Long id, Card card) {
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
        if (card.recent() != null) {
            bytes += weighConversations(card.recent());
        }
        return withJson(bytes);
    }

    /**
     * {@code bytes} of objects with the JSON that answers write of them once (http.WrittenOnce, kept while they are):
     * about three fifths of that again.
     */
    private static int withJson(long bytes) {
        return (int) Math.min(Integer.MAX_VALUE, bytes * 8 / 5);
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
