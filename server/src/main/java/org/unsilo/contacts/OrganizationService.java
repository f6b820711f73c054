package org.unsilo.contacts;

import com.google.common.base.Ticker;
import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.unsilo.capture.Directory;
import org.unsilo.capture.OrganizationInference;
import org.unsilo.common.InvalidFieldException;
import org.unsilo.common.Search;
import org.unsilo.relationships.Strength;
import org.unsilo.store.ContactDao;
import org.unsilo.store.Database;
import org.unsilo.store.MessageDao;
import org.unsilo.store.OrganizationDao;
import org.unsilo.store.OrganizationRow;
import org.unsilo.store.RelationshipDao;
import org.unsilo.store.SupportDao;

/** Organisations and "who knows whom" at them. */
public final class OrganizationService implements AutoCloseable {

    private final Database db;
    private final OrganizationInference inference;
    private final Directory directory;
    private final ViewMapper views;
    private final Clock clock;
    private final LoadingCache<RankingKey, Ranking> unfiltered;
    /**
     * Recomputes a stale ranking while the old one is still served. Ours, not the common pool, so that closing the
     * service stops it before the database closes (a reload after that only logged errors).
     */
    private final ExecutorService reloads = Executors.newSingleThreadExecutor(
            new ThreadFactoryBuilder().setNameFormat("unsilo-rankings").setDaemon(true).build());

    public OrganizationService(Database db, OrganizationInference inference, Directory directory, Strength strength, Clock clock) {
        this.db = db;
        this.inference = inference;
        this.directory = directory;
        this.views = new ViewMapper(strength);
        this.clock = clock;
        this.unfiltered = unfilteredRankings();
    }

    public record People(Views.OrganizationRef organization, List<Views.KnownBy> knownBy,
                         List<Views.Contact> contacts, List<Views.Conversation> recentConversations) {
    }

    /** Organisations matching the search, in name order ({@link NameCursor}) after {@code after}. */
    public List<Views.Organization> list(Search search, NameCursor after, int limit) {
        return db.read(h -> h.attach(OrganizationDao.class)
                .list(search.addresses(), search.names(), after.key(), after.id(), limit).stream()
                .map(o -> view(h, o)).toList());
    }

    public Optional<Views.Organization> find(long id) {
        return db.read(h -> h.attach(OrganizationDao.class).findById(id).map(o -> view(h, o)));
    }

    /**
     * Renames the organisation and adds domains to it, audited.
     *
     * @param name its new name as sent (null: keeps its name), renamed to as {@link FieldRules#organizationRename} says
     *             and {@link FieldRules#organizationName} allows; the name it has passes and renames nothing
     * @param addDomains domains to add, each reduced to its registrable domain; one it has already is sent back, not
     *             added, and passes, even one that the rules for a new domain would refuse now
     * @throws InvalidFieldException when the name or a domain cannot be the organisation's
     */
    public Optional<Views.Organization> update(long actorId, long id, String name, List<String> addDomains) {
        long now = clock.millis();
        List<String> domains = addDomains == null ? List.of() : addDomains.stream().map(this::registrable).distinct().toList();
        return db.write(h -> {
            OrganizationDao dao = h.attach(OrganizationDao.class);
            Optional<OrganizationRow> row = dao.findById(id);
            if (row.isEmpty()) {
                return Optional.<Views.Organization>empty();
            }
            FieldRules.organizationName(name, row.get().name(), FieldRules.REFUSE);
            String renamed = FieldRules.organizationRename(name, row.get().name());
            Set<String> held = new HashSet<>(dao.extraDomains(id));
            held.add(row.get().domain());
            List<String> added = domains.stream().filter(d -> !held.contains(d)).toList();
            added.forEach(this::checkClientDomain);
            for (String d : added) {
                List<Long> owners = dao.idsByDomain(d);
                if (!owners.isEmpty()) {
                    throw new ContactConflictException("domain " + d + " already belongs to organization " + owners.get(0));
                }
                dao.addDomain(id, d);
            }
            if (renamed != null) {
                dao.rename(id, renamed, now);
            }
            Map<String, Object> after = new java.util.LinkedHashMap<>();
            if (renamed != null) {
                after.put("name", renamed);
            }
            if (!added.isEmpty()) {
                after.put("addedDomains", added);
            }
            h.attach(SupportDao.class).audit(actorId, "organization.update", "organization", Long.toString(id),
                    ViewMapper.auditJson(Map.of("name", row.get().name())), ViewMapper.auditJson(after), now);
            return dao.findById(id).map(o -> view(h, o));
        });
    }

    /** The registrable domain of {@code domain}, as an organisation holds its domains. */
    private String registrable(String domain) {
        return inference.registrableDomain(domain == null ? "" : domain.trim().toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new InvalidFieldException("domains", "'" + domain + "' is not a registrable domain"));
    }

    /**
     * Refuses a domain new to an organisation that is free-mail or one of the company's own: their people belong to
     * no client organisation, and a lookup would show colleagues as working there. A domain it holds is not judged
     * again: an admin may have made it internal since it was attached, and a client sends it back as it read it.
     */
    private void checkClientDomain(String d) {
        if (inference.organizationDomain(d).isEmpty()) {
            throw new InvalidFieldException("domains", d + " is a free-mail domain: its people belong to no organisation");
        }
        if (directory.isInternalDomain(d)) {
            throw new InvalidFieldException("domains", d + " is one of the company's own domains: its people are colleagues");
        }
    }

    public Optional<People> people(long id, long viewerId) {
        long now = clock.millis();
        return db.read(h -> h.attach(OrganizationDao.class).findById(id).map(o -> new People(
                ViewMapper.ref(o),
                h.attach(RelationshipDao.class).knownByOrganization(id).stream().map(r -> views.knownBy(r, now)).toList(),
                views.contacts(h, h.attach(ContactDao.class).ofOrganization(id, 500)),
                h.attach(MessageDao.class).timelineOfOrganization(id, viewerId, 10).stream().map(ViewMapper::conversation).toList())));
    }

    private static Views.Organization view(Handle h, OrganizationRow o) {
        return new Views.Organization(o.id(), o.name(), o.domain(), h.attach(OrganizationDao.class).extraDomains(o.id()),
                Instant.ofEpochMilli(o.createdAt()), Instant.ofEpochMilli(o.updatedAt()));
    }

    /** An organisation in the ranked list: current strength (decayed to now) and the last contact, if any. */
    public record Ranked(long id, String name, String domain, double strength, Instant lastContactAt, long contacts) {
    }

    /** A ranked list and the moment it was computed. */
    public record Ranking(List<Ranked> organizations, Instant asOf) {
    }

    /**
     * Organisations matching a search, sorted by {@code strength}, {@code recent} (last contact) or {@code name}.
     * Without a search the ranking sums every relationship of every organisation, too much work for each page view
     * of a large store: that one is kept and recomputed in the background once it is a minute old (the request that
     * finds it old is answered from it), so it may lag the latest captures by about a minute; after 15 minutes
     * unused it is recomputed before answering. A search ranks only its matches, always live.
     */
    public Ranking ranked(Search search, String sort, int limit) {
        return search.equals(Search.ALL) ? unfiltered.getUnchecked(new RankingKey(sort, limit)) : rank(search, sort, limit);
    }

    private Ranking rank(Search search, String sort, int limit) {
        long now = clock.millis();
        List<Ranked> list = db.read(h -> h.attach(OrganizationDao.class)
                        .ranked(search.addresses(), search.names(), sort, limit)).stream()
                .map(r -> new Ranked(r.id(), r.name(), r.domain(), views.strengthAt(r.score(), now),
                        r.lastAt() == 0 ? null : Instant.ofEpochMilli(r.lastAt()), r.contacts()))
                .toList();
        return new Ranking(list, Instant.ofEpochMilli(now));
    }

    private record RankingKey(String sort, int limit) {
    }

    private LoadingCache<RankingKey, Ranking> unfilteredRankings() {
        Ticker ticker = new Ticker() {
            @Override
            public long read() {
                return TimeUnit.MILLISECONDS.toNanos(clock.millis());
            }
        };
        return CacheBuilder.newBuilder().ticker(ticker).maximumSize(32)
                .refreshAfterWrite(Duration.ofMinutes(1)).expireAfterWrite(Duration.ofMinutes(15))
                .build(CacheLoader.asyncReloading(CacheLoader.from((RankingKey k) -> rank(Search.ALL, k.sort(), k.limit())),
                        reloads));
    }

    /** Waits for a reload in progress (they take milliseconds) and starts no more. */
    @Override
    public void close() {
        MoreExecutors.shutdownAndAwaitTermination(reloads, Duration.ofSeconds(10));
    }
}
