package org.unsilo.acceptance;

import com.google.common.hash.Hashing;
import com.google.common.net.InternetDomainName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the Enron files say, worked out by the test on its own: a plain reading of the CMU header block
 * (no MIME library, so it cannot share the importer's bugs), a content key per file as DESIGN.md §5.5 defines
 * duplicates (sender, recipients, minute, subject without RE:/FW:, whitespace-normalised text), which addresses
 * dominate each owner's sent folders, and who exchanged mail with which organisation.
 */
final class EnronMailFacts {

    /** The folder names of the CMU export that hold what the owner sent. */
    static final Set<String> SENT_FOLDERS = Set.of("sent", "sent_items", "_sent_mail", "_sent");

    private static final Pattern PREFIX = Pattern.compile(
            "^\\s*(re|fw|fwd|aw|wg|sv|vs|tr|rif|antw|r|réf|ref)\\s*(\\[\\d+])?\\s*:\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern QUOTED_FROM = Pattern.compile("(?m)^>(>*From )");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern DATE_COMMENT = Pattern.compile("\\s*\\([^)]*\\)\\s*$");
    // The day name is left out: for the corpus's bogus year-1 dates it disagrees with the proleptic calendar.
    private static final Pattern DAY_NAME = Pattern.compile("^[A-Za-z]{3},\\s*");

    /** One message file as read by the test. */
    record MailFile(String owner, String relative, String folder, String from, List<String> to, List<String> cc,
                    long sentAt, String subject, String key, boolean plain) {
    }

    final List<MailFile> files;

    private EnronMailFacts(List<MailFile> files) {
        this.files = files;
    }

    static EnronMailFacts read(Path maildir) {
        List<MailFile> files = new ArrayList<>();
        try (Stream<Path> all = Files.walk(maildir)) {
            for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile).sorted()::iterator) {
                files.add(readFile(maildir, p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new EnronMailFacts(files);
    }

    private static MailFile readFile(Path maildir, Path p) throws IOException {
        String rel = maildir.relativize(p).toString().replace('\\', '/');
        String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        int split = text.indexOf("\n\n");
        String head = split < 0 ? text : text.substring(0, split);
        String body = split < 0 ? "" : text.substring(split + 2);
        Map<String, String> h = new HashMap<>();
        for (String line : head.replaceAll("\n[ \t]+", " ").split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                h.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        String from = addresses(h.get("from")).stream().findFirst().orElse("");
        List<String> to = addresses(h.get("to"));
        List<String> cc = addresses(h.get("cc"));
        long sentAt = ZonedDateTime.parse(DAY_NAME.matcher(DATE_COMMENT.matcher(h.get("date")).replaceAll("")).replaceAll(""),
                DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        String subject = h.getOrDefault("subject", "");
        TreeSet<String> recipients = new TreeSet<>(to);
        recipients.addAll(cc);
        recipients.remove(from);
        String normBody = WHITESPACE.matcher(QUOTED_FROM.matcher(body).replaceAll("$1")).replaceAll(" ").trim();
        String key = Hashing.sha256().hashString(String.join("\n", from, String.join(",", recipients),
                Long.toString(sentAt / 60_000), normaliseSubject(subject), normBody), StandardCharsets.UTF_8).toString();
        // Plain: nothing a MIME reader would decode differently (8-bit text, encoded words, quoted-printable), and a
        // date after 1970 (the corpus has a few bogus ones, which calendars disagree on).
        boolean plain = text.chars().allMatch(c -> c < 0x80) && !subject.contains("=?") && !body.contains("=\n")
                && sentAt > 0;
        int slash = rel.lastIndexOf('/');
        return new MailFile(rel.substring(0, rel.indexOf('/')), rel, rel.substring(0, slash), from, to, cc, sentAt,
                subject, key, plain);
    }

    /** "a@x.com, Name <b@y.com>" → [a@x.com, b@y.com], lower-case. */
    static List<String> addresses(String header) {
        List<String> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        for (String part : header.split(",")) {
            String a = part.trim();
            int lt = a.indexOf('<');
            int gt = a.lastIndexOf('>');
            if (lt >= 0 && gt > lt) {
                a = a.substring(lt + 1, gt).trim();
            }
            if (!a.isEmpty()) {
                out.add(a.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    static String normaliseSubject(String s) {
        String prev;
        do {
            prev = s;
            s = PREFIX.matcher(s).replaceFirst("");
        } while (!s.equals(prev));
        return WHITESPACE.matcher(s).replaceAll(" ").trim().toLowerCase(Locale.ROOT);
    }

    static Optional<String> registrableDomain(String address) {
        String domain = address.substring(address.lastIndexOf('@') + 1);
        try {
            InternetDomainName d = InternetDomainName.from(domain);
            return d.isUnderPublicSuffix() ? Optional.of(d.topPrivateDomain().toString()) : Optional.empty();
        } catch (IllegalArgumentException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    /** Files grouped by content key, in file order. */
    Map<String, List<MailFile>> byKey() {
        if (byKey == null) {
            Map<String, List<MailFile>> m = new LinkedHashMap<>();
            for (MailFile f : files) {
                m.computeIfAbsent(f.key(), k -> new ArrayList<>()).add(f);
            }
            byKey = m;
        }
        return byKey;
    }

    private Map<String, List<MailFile>> byKey;

    /**
     * Per owner, the addresses that sent at least a quarter (and at least 3, or all of a smaller folder) of one of
     * their sent folders, with how many sent messages carry them.
     */
    Map<String, Map<String, Long>> dominantSenders() {
        Map<String, Map<String, Map<String, Long>>> perFolder = new TreeMap<>();
        for (MailFile f : files) {
            String folderName = f.folder().substring(f.folder().lastIndexOf('/') + 1);
            if (SENT_FOLDERS.contains(folderName) && !f.from().isEmpty()) {
                perFolder.computeIfAbsent(f.owner(), o -> new TreeMap<>())
                        .computeIfAbsent(f.folder(), k -> new HashMap<>()).merge(f.from(), 1L, Long::sum);
            }
        }
        Map<String, Map<String, Long>> out = new TreeMap<>();
        perFolder.forEach((owner, folders) -> {
            Map<String, Long> learned = new TreeMap<>();
            for (Map<String, Long> counts : folders.values()) {
                long n = counts.values().stream().mapToLong(Long::longValue).sum();
                counts.forEach((a, c) -> {
                    if (c * 4 >= n && c >= Math.min(3, n)) {
                        learned.put(a, 0L);
                    }
                });
            }
            for (Map<String, Long> counts : folders.values()) {
                learned.replaceAll((a, total) -> total + counts.getOrDefault(a, 0L));
            }
            out.put(owner, learned);
        });
        return out;
    }

    /** An owner's traffic with an organisation: messages with both on them (pairs, as relationships count them) and a decayed score. */
    record Traffic(String owner, long pairs, double score) {
    }

    /**
     * Per organisation (registrable domain) and owner, over distinct messages (one per content key), every (owner,
     * person at the organisation) pair on the message, weighted as DESIGN.md §6 says — sent by the owner
     * 1.0, owner in To 0.6, in Cc 0.3 — with a 90-day half-life. The reciprocity bonus is left out.
     */
    Map<String, Map<String, Traffic>> trafficByOrganisation(Map<String, Collection<String>> ownerAddresses) {
        Map<String, String> ownerOf = new HashMap<>();
        ownerAddresses.forEach((owner, addrs) -> addrs.forEach(a -> ownerOf.put(a, owner)));
        double halfLife = 90.0 * 24 * 3600 * 1000;
        long epoch = ZonedDateTime.parse("2000-01-01T00:00:00Z").toInstant().toEpochMilli();
        Map<String, Map<String, long[]>> pairs = new TreeMap<>();
        Map<String, Map<String, double[]>> scores = new TreeMap<>();
        for (List<MailFile> copies : byKey().values()) {
            MailFile f = copies.get(0);
            Map<String, Double> roles = new LinkedHashMap<>();
            roles.putIfAbsent(f.from(), 1.0);
            f.to().forEach(a -> roles.putIfAbsent(a, 0.6));
            f.cc().forEach(a -> roles.putIfAbsent(a, 0.3));
            Map<String, Integer> peoplePerDomain = new TreeMap<>();
            for (String a : roles.keySet()) {
                domainOf(a).ifPresent(d -> peoplePerDomain.merge(d, 1, Integer::sum));
            }
            // An owner on the message under several addresses (aliases) counts once, in their strongest role.
            Map<String, Double> owners = new TreeMap<>();
            roles.forEach((address, weight) -> {
                if (ownerOf.containsKey(address)) {
                    owners.merge(ownerOf.get(address), weight, Math::max);
                }
            });
            owners.forEach((owner, weight) -> {
                peoplePerDomain.forEach((domain, people) -> {
                    pairs.computeIfAbsent(domain, d -> new TreeMap<>()).computeIfAbsent(owner, o -> new long[1])[0] += people;
                    scores.computeIfAbsent(domain, d -> new TreeMap<>()).computeIfAbsent(owner, o -> new double[1])[0] +=
                            people * weight * Math.pow(2, (f.sentAt() - epoch) / halfLife);
                });
            });
        }
        Map<String, Map<String, Traffic>> out = new TreeMap<>();
        pairs.forEach((domain, perOwner) -> perOwner.forEach((o, p) -> out.computeIfAbsent(domain, d -> new TreeMap<>())
                .put(o, new Traffic(o, p[0], scores.get(domain).get(o)[0]))));
        return out;
    }

    private final Map<String, Optional<String>> domains = new HashMap<>();

    private Optional<String> domainOf(String address) {
        return domains.computeIfAbsent(address, EnronMailFacts::registrableDomain);
    }

    /** Every address at the organisation's domain (or a subdomain) on any message. */
    Set<String> peopleAt(String domain) {
        Set<String> out = new TreeSet<>();
        for (MailFile f : files) {
            Stream.concat(Stream.of(f.from()), Stream.concat(f.to().stream(), f.cc().stream()))
                    .filter(a -> domainOf(a).map(domain::equals).orElse(false))
                    .forEach(out::add);
        }
        return out;
    }
}
