package org.unsilo.importer.contacts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which CSV column holds which of our fields. Address-book exports differ in column names, language
 * and even meaning ("Title" is the salutation in Outlook but the job title in Yahoo and KDE), so the
 * header row is matched against the names real clients write: Outlook desktop and web (English and
 * German), Google Contacts (the "Google CSV" of 2009-2020, the 2020+ layout and its "Outlook CSV"
 * option), Gmail's 2007 layout, Thunderbird (English and German), Yahoo, Windows Live Mail, Windows
 * Address Book and KDE. Anything else is mapped with {@code --map}.
 */
final class CsvLayout {

    enum Field { NAME, FIRST, MIDDLE, LAST, EMAIL, PHONE, TITLE, ORGANIZATION }

    /**
     * One used column: its 0-based index, header as written, and rank among columns of the same field.
     * {@code typeIndex} is Google's companion "Phone N - Type" column (-1 if none), which says whether the
     * number is a fax or pager.
     */
    record Column(int index, String header, Field field, int rank, int typeIndex) {
        Column(int index, String header, Field field, int rank) {
            this(index, header, field, rank, -1);
        }
    }

    private final List<Column> columns;
    private final boolean headerRow;
    private final String origin;

    private CsvLayout(List<Column> columns, boolean headerRow, String origin) {
        this.columns = columns.stream().sorted(Comparator.comparingInt(Column::rank).thenComparingInt(Column::index)).toList();
        this.headerRow = headerRow;
        this.origin = origin;
    }

    List<Column> columns(Field field) {
        return columns.stream().filter(c -> c.field() == field).toList();
    }

    boolean hasHeaderRow() {
        return headerRow;
    }

    /** "header row", "Thunderbird column order (no header row)" or "--map FILE": how columns were found. */
    String origin() {
        return origin;
    }

    /** For the summary: which columns fed which field. */
    String describe() {
        Map<Field, List<String>> by = new EnumMap<>(Field.class);
        for (Column c : columns) {
            by.computeIfAbsent(c.field(), f -> new ArrayList<>()).add(c.header());
        }
        return by.entrySet().stream()
                .map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + " <- " + (e.getValue().size() > 3
                        ? e.getValue().size() + " columns" : String.join(", ", e.getValue())))
                .collect(Collectors.joining("; "));
    }

    // ---- header names of real exports (compared lower-case, whitespace collapsed) ----

    private static final Pattern GOOGLE_EMAIL = Pattern.compile("e-?mail \\d+ - value");
    private static final Pattern GOOGLE_PHONE = Pattern.compile("phone (\\d+) - value");
    /** Job-title columns best first; a bare "title" is only a job title where no such column exists. */
    private static final List<String> JOB_TITLE = List.of("job title", "arbeitstitel", "position",
            "organization 1 - title", "organization title", "section 1 - title");
    private static final Map<String, Field> NAMES = headerNames();

    private static Map<String, Field> headerNames() {
        Map<String, Field> m = new HashMap<>();
        put(m, Field.NAME, "name", "display name", "anzeigename", "formatted name", "full name");
        put(m, Field.FIRST, "first name", "given name", "first", "firstname", "vorname");
        put(m, Field.MIDDLE, "middle name", "additional name", "additional names", "middle", "weitere vornamen", "2. vorname");
        put(m, Field.LAST, "last name", "family name", "last", "lastname", "surname", "nachname");
        put(m, Field.EMAIL,
                // Outlook desktop/web, Windows Live Mail, Windows Address Book, Google's "Outlook CSV"
                "e-mail address", "e-mail 2 address", "e-mail 3 address",
                // Outlook and Windows Live Mail in German
                "e-mail-adresse", "e-mail 2: adresse", "e-mail 3: adresse",
                // Thunderbird (English, German)
                "primary email", "secondary email", "primäre e-mail-adresse", "sekundäre e-mail-adresse",
                // Yahoo, KDE, Gmail 2007, generic spreadsheets
                "email", "alternate email 1", "alternate email 2", "email address", "e-mail", "section 1 - email",
                "email 2", "email 3");
        // Phones to call; fax and pager columns are left out on purpose.
        put(m, Field.PHONE,
                "primary phone", "home phone", "home phone 2", "mobile phone", "business phone", "business phone 2",
                "company main phone", "car phone", "other phone", "work phone", "mobile number", "cell phone",
                "phone", "section 1 - phone", "section 1 - mobile",
                "telefon (privat)", "telefon (geschäftlich)", "mobiltelefon", "tel. dienstlich", "tel. privat",
                "mobil-tel.-nr.", "telefon geschäftlich", "telefon geschäftlich 2", "telefon privat", "telefon privat 2",
                "haupttelefon", "autotelefon", "weiteres telefon", "telefon firma");
        put(m, Field.ORGANIZATION, "company", "company name", "organization", "organisation", "firma",
                "organization 1 - name", "organization name", "section 1 - company");
        return Map.copyOf(m);
    }

    private static void put(Map<String, Field> m, Field f, String... headers) {
        for (String h : headers) {
            m.put(h, f);
        }
    }

    static String normalise(String header) {
        return header == null ? "" : header.replace("\uFEFF", "").strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    /** The layout of a header row, or null when not one column is a name or an e-mail column we know. */
    static CsvLayout fromHeader(List<String> header) {
        Set<String> present = header.stream().map(CsvLayout::normalise).collect(Collectors.toSet());
        boolean hasJobTitle = JOB_TITLE.stream().anyMatch(present::contains);
        // Yahoo names its phone columns after the place only ("Home", "Work", "Mobile").
        boolean yahoo = present.contains("yahoo! id");
        List<Column> out = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String h = normalise(header.get(i));
            String label = header.get(i).replace("\uFEFF", "").strip();
            int jobRank = JOB_TITLE.indexOf(h);
            if (jobRank >= 0) {
                out.add(new Column(i, label, Field.TITLE, jobRank));
            } else if (h.equals("title") && !hasJobTitle) {
                out.add(new Column(i, label, Field.TITLE, JOB_TITLE.size()));
            } else if (h.equals("role")) {
                out.add(new Column(i, label, Field.TITLE, JOB_TITLE.size() + 1));
            } else if (yahoo && (h.equals("home") || h.equals("work") || h.equals("mobile") || h.equals("other"))) {
                out.add(new Column(i, label, Field.PHONE, 0));
            } else if (NAMES.containsKey(h)) {
                out.add(new Column(i, label, NAMES.get(h), 0));
            } else if (GOOGLE_EMAIL.matcher(h).matches()) {
                out.add(new Column(i, label, Field.EMAIL, 0));
            } else {
                Matcher phone = GOOGLE_PHONE.matcher(h);
                if (phone.matches()) {
                    out.add(new Column(i, label, Field.PHONE, 0, typeColumn(header, phone.group(1))));
                }
            }
        }
        boolean usable = out.stream().anyMatch(c -> c.field() == Field.EMAIL || c.field() == Field.NAME
                || c.field() == Field.FIRST || c.field() == Field.LAST);
        return usable ? new CsvLayout(out, true, "header row") : null;
    }

    /** Google's "Phone N - Type" (older layout) or "Phone N - Label" (2020+) column, or -1. */
    private static int typeColumn(List<String> header, String n) {
        for (int i = 0; i < header.size(); i++) {
            String h = normalise(header.get(i));
            if (h.equals("phone " + n + " - type") || h.equals("phone " + n + " - label")) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Old Thunderbird versions wrote CSV without a header row. Their column order is fixed; versions
     * from about 2008 on added "Screen Name" after the second e-mail, which makes the rows one wider.
     */
    static CsvLayout thunderbirdWithoutHeader(int fields) {
        boolean screenName = fields >= 38;
        int s = screenName ? 1 : 0;
        List<Column> cols = List.of(
                new Column(0, "#1 (first name)", Field.FIRST, 0),
                new Column(1, "#2 (last name)", Field.LAST, 0),
                new Column(2, "#3 (display name)", Field.NAME, 0),
                new Column(4, "#5 (primary email)", Field.EMAIL, 0),
                new Column(5, "#6 (secondary email)", Field.EMAIL, 0),
                new Column(6 + s, "#" + (7 + s) + " (work phone)", Field.PHONE, 0),
                new Column(7 + s, "#" + (8 + s) + " (home phone)", Field.PHONE, 0),
                new Column(10 + s, "#" + (11 + s) + " (mobile)", Field.PHONE, 0),
                new Column(23 + s, "#" + (24 + s) + " (job title)", Field.TITLE, 0),
                new Column(25 + s, "#" + (26 + s) + " (organization)", Field.ORGANIZATION, 0));
        return new CsvLayout(cols, false, "Thunderbird column order (no header row)");
    }

    static boolean looksLikeThunderbirdRow(int fields) {
        return fields >= 36 && fields <= 39;
    }

    /**
     * A user's mapping for other spreadsheets: a properties file of {@code our field = their column},
     * where the column is a header name or {@code #N} (1-based position). Fields that take several
     * columns are given as {@code email}, {@code email.2}, {@code email_home}... ({@code phone} likewise).
     * {@code header = false} says the first row is already data (then columns must be {@code #N}).
     */
    static CsvLayout fromMap(Properties map, List<String> firstRow, String mapName) {
        boolean header = !"false".equalsIgnoreCase(map.getProperty("header", "true").strip())
                && !"no".equalsIgnoreCase(map.getProperty("header", "true").strip());
        Map<String, Integer> headerIndex = new TreeMap<>();
        for (int i = 0; i < firstRow.size(); i++) {
            headerIndex.putIfAbsent(normalise(firstRow.get(i)), i);
        }
        List<Column> out = new ArrayList<>();
        for (String key : new TreeSet<>(map.stringPropertyNames())) {
            if (key.equalsIgnoreCase("header")) {
                continue;
            }
            Field field = mapField(key);
            if (field == null) {
                throw new ContactImportException("--map " + mapName + ": unknown field '" + key
                        + "'; use name, first, middle, last, email, phone, title or organization");
            }
            String column = map.getProperty(key).strip();
            int index;
            if (column.matches("#\\d+")) {
                index = Integer.parseInt(column.substring(1)) - 1;
                if (index < 0) {
                    throw new ContactImportException("--map " + mapName + ": column numbers start at #1 (" + key + ")");
                }
            } else if (!header) {
                throw new ContactImportException("--map " + mapName + ": with header = false, give columns as #N ("
                        + key + " = " + column + ")");
            } else {
                Integer found = headerIndex.get(normalise(column));
                if (found == null) {
                    throw new ContactImportException("--map " + mapName + ": no column '" + column + "' (for " + key
                            + ") in the header row: " + String.join(", ", firstRow));
                }
                index = found;
            }
            String label = header && index < firstRow.size() ? firstRow.get(index).strip() : "#" + (index + 1);
            // Keys are read in sorted order, so title, title.2 ... rank in that order.
            out.add(new Column(index, label, field, out.size()));
        }
        if (out.stream().noneMatch(c -> c.field() == Field.EMAIL || c.field() == Field.NAME
                || c.field() == Field.FIRST || c.field() == Field.LAST)) {
            throw new ContactImportException("--map " + mapName + " maps no e-mail and no name column");
        }
        return new CsvLayout(out, header, "--map " + mapName);
    }

    private static Field mapField(String key) {
        String base = key.toLowerCase(Locale.ROOT).split("[._\\-\\d]", 2)[0];
        return switch (base) {
            case "name", "display" -> Field.NAME;
            case "first", "given" -> Field.FIRST;
            case "middle" -> Field.MIDDLE;
            case "last", "family" -> Field.LAST;
            case "email", "mail" -> Field.EMAIL;
            case "phone", "tel", "mobile" -> Field.PHONE;
            case "title" -> Field.TITLE;
            case "organization", "organisation", "org", "company" -> Field.ORGANIZATION;
            default -> null;
        };
    }
}
