package org.unsilo.importer.mail;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.unsilo.capture.AddressParser;
import org.unsilo.capture.ParsedParty;
import org.unsilo.capture.Party;

/**
 * Learns the addresses a staff member sends from by reading the From headers of their sent folders.
 *
 * <p>The rule: an address is the owner's when it sent at least a quarter of the messages of one sent folder
 * (and at least 3 of them, or all of a folder smaller than that). Per folder, not overall, because mail
 * systems change: Phillip Allen's {@code sent} and {@code _sent_mail} are {@code phillip.allen@enron.com},
 * while his {@code sent_items} (a later Exchange export) is 86 % {@code k..allen@enron.com}. An assistant
 * who sends on the owner's behalf (Kimberly Hillis in John Lavorato's sent mail, 6 %) stays below the
 * threshold. The primary address is the one with the most sent messages overall.
 */
final class OwnerLearner {

    /** One learned address and how many sent messages carry it. */
    record AddressCount(String address, long count) {
    }

    /** What was learned for one owner folder; {@code addresses} is empty when nothing dominated. */
    record Learned(String folder, List<AddressCount> addresses, String name, long sentMessages, int sentFolders) {
        String primary() {
            return addresses.isEmpty() ? null : addresses.get(0).address();
        }
    }

    static final double MIN_SHARE = 0.25;
    static final int MIN_COUNT = 3;

    private final MessageParser parser;
    private final AddressParser addresses;

    OwnerLearner(MessageParser parser, AddressParser addresses) {
        this.parser = parser;
        this.addresses = addresses;
    }

    Learned learn(String folder, ItemSource.Root root, MailFormat format, boolean everyFile, int maxMessageBytes) {
        String prefix = folder + "/";
        boolean mailboxFiles = format == MailFormat.MBOX;
        Map<String, Map<String, Long>> perFolder = new LinkedHashMap<>();
        Map<String, Map<String, Long>> names = new HashMap<>();
        long[] sent = {0};
        scan(root, format, everyFile, maxMessageBytes,
                rel -> SentFolders.isSentFile(strip(rel, prefix), mailboxFiles),
                (item, sender) -> count(SentFolders.folderOf(strip(item.file(), prefix), mailboxFiles), sender, perFolder, names, sent));
        if (perFolder.isEmpty() && mailboxFiles) {
            // One big mbox (Google Takeout): sent mail is what Gmail labelled "Sent".
            scan(root, format, everyFile, maxMessageBytes, rel -> true, (item, sender) -> {
                if (sender.gmailLabels() != null && hasLabel(sender.gmailLabels(), "Sent")) {
                    count("label:Sent", sender, perFolder, names, sent);
                }
            });
        }
        Map<String, Long> totals = new HashMap<>();
        for (Map<String, Long> counts : perFolder.values()) {
            long n = counts.values().stream().mapToLong(Long::longValue).sum();
            for (Map.Entry<String, Long> e : counts.entrySet()) {
                if (e.getValue() >= MIN_SHARE * n && e.getValue() >= Math.min(MIN_COUNT, n)) {
                    totals.put(e.getKey(), 0L);
                }
            }
        }
        for (Map<String, Long> counts : perFolder.values()) {
            for (String a : totals.keySet()) {
                totals.merge(a, counts.getOrDefault(a, 0L), Long::sum);
            }
        }
        List<AddressCount> learned = new ArrayList<>();
        totals.forEach((a, n) -> learned.add(new AddressCount(a, n)));
        learned.sort(Comparator.comparingLong(AddressCount::count).reversed().thenComparing(AddressCount::address));
        String name = learned.isEmpty() ? null : mostCommon(names.get(learned.get(0).address()));
        return new Learned(folder, List.copyOf(learned), name, sent[0], perFolder.size());
    }

    private interface ItemSink {
        void accept(MailItem item, MessageParser.Sender sender);
    }

    private void scan(ItemSource.Root root, MailFormat format, boolean everyFile, int maxMessageBytes,
                      java.util.function.Predicate<String> filter, ItemSink sink) {
        try (ItemSource items = new ItemSource(List.of(root), format, everyFile, maxMessageBytes, null, filter)) {
            while (items.hasNext()) {
                MailItem item = items.next();
                if (!item.readable()) {
                    continue;
                }
                MessageParser.Sender sender = parser.sender(item.raw());
                if (sender != null) {
                    sink.accept(item, sender);
                }
            }
        }
    }

    private void count(String folderKey, MessageParser.Sender sender, Map<String, Map<String, Long>> perFolder,
                       Map<String, Map<String, Long>> names, long[] sent) {
        ParsedParty p = addresses.parse(sender.from());
        if (!p.isValid()) {
            return;
        }
        String address = p.email().address();
        perFolder.computeIfAbsent(folderKey, k -> new HashMap<>()).merge(address, 1L, Long::sum);
        if (p.name() != null && !p.name().isBlank()) {
            names.computeIfAbsent(address, k -> new HashMap<>()).merge(p.name(), 1L, Long::sum);
        }
        sent[0]++;
    }

    private static boolean hasLabel(String labels, String label) {
        for (String l : labels.split(",")) {
            if (l.strip().equalsIgnoreCase(label)) {
                return true;
            }
        }
        return false;
    }

    private static String mostCommon(Map<String, Long> counts) {
        if (counts == null || counts.isEmpty()) {
            return null;
        }
        return counts.entrySet().stream()
                .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(Map.Entry::getKey).orElse(null);
    }

    private static String strip(String relative, String prefix) {
        return relative.startsWith(prefix) ? relative.substring(prefix.length()) : relative;
    }

    /** "phillip.allen" → "Phillip Allen": a last resort for a staff account's name. */
    static String nameFromAddress(String address) {
        String local = address.substring(0, address.indexOf('@'));
        StringBuilder sb = new StringBuilder();
        for (String w : local.split("[._\\-+]+")) {
            if (w.isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(w.substring(0, 1).toUpperCase(Locale.ROOT)).append(w.substring(1));
        }
        return sb.length() == 0 ? address : sb.toString();
    }
}
