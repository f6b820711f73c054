package org.unsilo.importer.contacts;

import ezvcard.VCard;
import ezvcard.io.ParseWarning;
import ezvcard.io.text.VCardReader;
import ezvcard.parameter.EmailType;
import ezvcard.parameter.TelephoneType;
import ezvcard.parameter.VCardParameters;
import ezvcard.property.Email;
import ezvcard.property.FormattedName;
import ezvcard.property.Organization;
import ezvcard.property.RawProperty;
import ezvcard.property.StructuredName;
import ezvcard.property.Telephone;
import ezvcard.property.Title;
import ezvcard.property.VCardProperty;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * vCard 2.1, 3.0 and 4.0 files. The file is cut into cards at their {@code BEGIN:VCARD}/{@code END:VCARD}
 * lines here, and each card is parsed by ez-vcard on its own: ez-vcard reads a card that lacks its
 * {@code END:VCARD} as containing every later card, so one damaged card would take the rest of the file
 * with it. Cutting first also gives each card a number and a line for the checkpoint and for issues.
 */
final class VCardSource implements RecordSource {

    /** Properties Unsilo reads; ez-vcard warnings about other properties (photos, keys, dates) are noise here. */
    private static final Set<String> USED = Set.of("FN", "N", "EMAIL", "TEL", "TITLE", "ORG");

    private final LineReader lines;
    private final FileScan scan;
    private final boolean parseCards;
    private final Deque<ContactRecord> pending = new ArrayDeque<>();
    private long cards;
    private boolean eof;
    // The card being collected: its text so far, first line, nesting depth (AGENT cards), and whether
    // the last property line was AGENT (then a BEGIN:VCARD is nested, not a missing END:VCARD).
    private StringBuilder card;
    private long cardLine;
    private int depth;
    private boolean lastWasAgent;
    // Non-blank lines outside any card, reported as one unreadable record.
    private long orphanFrom;
    private long orphanTo;

    /** {@code parse} false only cuts and counts the cards (the importer's first pass). */
    VCardSource(FileScan scan, boolean parse) throws IOException {
        this.scan = scan;
        this.parseCards = parse;
        this.lines = new LineReader(scan.open());
    }

    @Override
    public String description() {
        return "vCard, " + scan.charset().name();
    }

    @Override
    public ContactRecord next() throws IOException {
        while (pending.isEmpty() && !eof) {
            split();
        }
        return pending.poll();
    }

    /** Reads one line; completes a record into {@code pending} when the line ends a card. */
    private void split() throws IOException {
        String line = lines.next();
        if (line == null) {
            eof = true;
            if (card != null) {
                emitCard("the file ends before END:VCARD");
            }
            emitOrphan();
            return;
        }
        long number = lines.lineNumber();
        String t = line.strip();
        boolean begin = t.equalsIgnoreCase("BEGIN:VCARD");
        if (card == null) {
            if (begin) {
                emitOrphan();
                startCard(line, number);
            } else if (!isBlank(t)) {
                if (orphanFrom == 0) {
                    orphanFrom = number;
                }
                orphanTo = number;
            }
            return;
        }
        if (begin) {
            if (lastWasAgent) {
                // A vCard 2.1 AGENT property carries a nested card: part of this one.
                depth++;
                card.append(line);
            } else {
                emitCard("no END:VCARD before the next BEGIN:VCARD on line " + number + "; read up to there");
                startCard(line, number);
            }
            return;
        }
        card.append(line);
        if (t.equalsIgnoreCase("END:VCARD")) {
            lastWasAgent = false;
            if (--depth == 0) {
                emitCard(null);
            }
            return;
        }
        if (!line.isEmpty() && line.charAt(0) != ' ' && line.charAt(0) != '\t') {
            lastWasAgent = t.toUpperCase(Locale.ROOT).startsWith("AGENT");
        }
    }

    private void startCard(String line, long number) {
        card = new StringBuilder(line);
        cardLine = number;
        depth = 1;
        lastWasAgent = false;
    }

    private void emitOrphan() {
        if (orphanFrom != 0) {
            cards++;
            String where = orphanFrom == orphanTo ? "line " + orphanFrom : "lines " + orphanFrom + "-" + orphanTo;
            pending.add(ContactRecord.unreadable(cards, "text outside any card (" + where + ")",
                    "text outside any BEGIN:VCARD ... END:VCARD block; not a readable card"));
            orphanFrom = 0;
        }
    }

    private void emitCard(String truncated) {
        cards++;
        String text = card.toString();
        if (truncated != null) {
            text = text + "\r\nEND:VCARD\r\n";
        }
        pending.add(parseCards ? parse(cards, cardLine, text, truncated)
                : ContactRecord.counted(cards, "card " + cards + " (line " + cardLine + ")"));
        card = null;
    }

    private static boolean isBlank(String s) {
        return s.chars().allMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
    }

    static ContactRecord parse(long number, long firstLine, String text, String truncated) {
        String label = "card " + number + " (line " + firstLine + ")";
        VCard vcard;
        List<ParseWarning> warnings;
        try (VCardReader reader = new VCardReader(text)) {
            // ISO-8859-1 keeps each byte of a quoted-printable value without a CHARSET as one char, so
            // that Text.repairUndeclaredQuotedPrintable can still choose UTF-8 or Windows-1252 for it.
            reader.setDefaultQuotedPrintableCharset(StandardCharsets.ISO_8859_1);
            vcard = reader.readNext();
            warnings = reader.getWarnings();
        } catch (IOException | RuntimeException e) {
            return ContactRecord.unreadable(number, label, "the card cannot be parsed: " + e.getMessage());
        }
        if (vcard == null) {
            return ContactRecord.unreadable(number, label, "the card cannot be parsed: no vCard properties found");
        }
        List<ContactRecord.Problem> problems = new ArrayList<>();
        if (truncated != null) {
            problems.add(new ContactRecord.Problem("END:VCARD", truncated));
        }
        for (ParseWarning w : warnings) {
            String property = w.getPropertyName();
            if (property == null || USED.contains(property.toUpperCase(Locale.ROOT))) {
                String where = w.getLineNumber() == null ? "line ?" : "line " + (firstLine + w.getLineNumber() - 1);
                problems.add(new ContactRecord.Problem(where, (property == null ? "" : property + ": ")
                        + w.getMessage().replaceAll("\\s+", " ").strip()));
            }
        }

        String fn = null;
        for (FormattedName f : vcard.getFormattedNames()) {
            fn = Text.name(text(f, f.getValue()));
            if (fn != null) {
                break;
            }
        }
        StructuredName n = vcard.getStructuredName();
        String personName = null;
        if (n != null) {
            List<String> parts = new ArrayList<>();
            parts.add(text(n, n.getGiven()));
            n.getAdditionalNames().forEach(a -> parts.add(text(n, a)));
            parts.add(text(n, n.getFamily()));
            personName = Text.joinName(parts.toArray(String[]::new));
        }
        String organization = null;
        for (Organization o : vcard.getOrganizations()) {
            for (String v : o.getValues()) {
                organization = Text.clean(text(o, v), Text.MAX_FIELD);
                if (organization != null) {
                    break;
                }
            }
            if (organization != null) {
                break;
            }
        }
        String title = null;
        for (Title t : vcard.getTitles()) {
            title = Text.clean(text(t, t.getValue()), Text.MAX_FIELD);
            if (title != null) {
                break;
            }
        }
        RawProperty showAs = vcard.getExtendedProperty("X-ABShowAs");
        boolean companyCard = personName == null && fn != null
                && ((showAs != null && "COMPANY".equalsIgnoreCase(Text.clean(showAs.getValue(), 20)))
                || fn.equalsIgnoreCase(organization == null ? "" : organization));

        // Preferred addresses first (the first usable one decides the organisation), otherwise file order.
        List<Email> emails = vcard.getEmails();
        List<ContactRecord.Value> preferred = new ArrayList<>();
        List<ContactRecord.Value> others = new ArrayList<>();
        for (int i = 0; i < emails.size(); i++) {
            Email e = emails.get(i);
            (isPreferred(e) ? preferred : others).add(new ContactRecord.Value("EMAIL " + (i + 1), text(e, e.getValue())));
        }
        List<ContactRecord.Value> values = new ArrayList<>(preferred);
        values.addAll(others);
        List<String> phones = new ArrayList<>();
        for (Telephone tel : vcard.getTelephoneNumbers()) {
            if (isFaxOrPager(tel)) {
                continue;
            }
            String number0 = tel.getText() != null ? text(tel, tel.getText())
                    : tel.getUri() != null ? tel.getUri().getNumber() : null;
            phones.add(number0);
        }
        return new ContactRecord(number, label, fn != null ? fn : personName, companyCard, values,
                Text.distinct(phones), title, organization, problems, null);
    }

    /** Contacts keep numbers to call: a TEL typed only as fax or pager is left out (CSV does the same). */
    private static boolean isFaxOrPager(Telephone tel) {
        List<TelephoneType> types = tel.getTypes();
        boolean faxOrPager = types.contains(TelephoneType.FAX) || types.contains(TelephoneType.PAGER);
        boolean voice = types.contains(TelephoneType.VOICE) || types.contains(TelephoneType.CELL);
        return faxOrPager && !voice;
    }

    private static boolean isPreferred(Email e) {
        if (e.getTypes().contains(EmailType.PREF)) {
            return true;
        }
        Integer pref = e.getPref();
        return pref != null && pref == 1;
    }

    /** A property's text, with the charset of an undeclared quoted-printable value worked out. */
    private static String text(VCardProperty p, String value) {
        VCardParameters params = p.getParameters();
        boolean qp = params.getEncoding() != null && "QUOTED-PRINTABLE".equalsIgnoreCase(params.getEncoding().getValue());
        return qp && params.getCharset() == null ? Text.repairUndeclaredQuotedPrintable(value) : value;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }

    /**
     * Lines with their terminators kept, so that a card is handed to ez-vcard exactly as written
     * (folding, CR CR LF from iOS, bare LF in photo blocks). A line ends at LF, CR LF, CR CR LF or a
     * lone CR.
     */
    static final class LineReader implements AutoCloseable {
        private final Reader in;
        private int peeked = -2;
        private long number;

        LineReader(Reader in) {
            this.in = in;
        }

        long lineNumber() {
            return number;
        }

        String next() throws IOException {
            StringBuilder sb = new StringBuilder(128);
            while (true) {
                int c = read();
                if (c < 0) {
                    if (sb.length() == 0) {
                        return null;
                    }
                    number++;
                    return sb.toString();
                }
                sb.append((char) c);
                if (c == '\n') {
                    number++;
                    return sb.toString();
                }
                if (c == '\r') {
                    int d = peek();
                    if (d != '\n' && d != '\r') {
                        number++;
                        return sb.toString();
                    }
                }
            }
        }

        private int read() throws IOException {
            if (peeked != -2) {
                int c = peeked;
                peeked = -2;
                return c;
            }
            return in.read();
        }

        private int peek() throws IOException {
            if (peeked == -2) {
                peeked = in.read();
            }
            return peeked;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
