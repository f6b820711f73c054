package org.unsilo.importer.contacts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.unsilo.importer.contacts.CsvLayout.Column;
import org.unsilo.importer.contacts.CsvLayout.Field;

/**
 * CSV address books, parsed by commons-csv. The separator is taken from the first line (Windows Live
 * Mail and German Outlook write {@code ;}, some exports tabs, Excel may add a {@code sep=} line).
 *
 * <p>A row commons-csv cannot parse (a stray quote, a quoted field that never ends) is reported as
 * unreadable and parsing starts again on the line after it, so one bad row never costs the rows after
 * it. That restart needs physical line numbers, so empty lines are not dropped by the parser but
 * skipped here.
 */
final class CsvSource implements RecordSource {

    /** Longest first line read while looking for the separator; a longer one is not a CSV header. */
    private static final int FIRST_LINE_LIMIT = 1 << 20;
    private static final int MESSAGE_COLUMNS = 20;
    private static final int MESSAGE_COLUMN_LENGTH = 40;

    /** Google's exports put several values in one cell, separated like this. */
    private static final String MULTI_VALUE = " ::: ";

    private final FileScan scan;
    private final char delimiter;
    private final CsvLayout layout;
    /** Physical lines before the current parser's first line (sep= line, header, restarts). */
    private long base;
    /** Lines the current parser had consumed when its last record ended. */
    private long lastEnd;
    private CSVParser parser;
    private Iterator<CSVRecord> rows;
    private long records;

    private CsvSource(FileScan scan, char delimiter, CsvLayout layout, long base, CSVParser parser) {
        this.scan = scan;
        this.delimiter = delimiter;
        this.layout = layout;
        this.base = base;
        this.parser = parser;
        this.rows = parser.iterator();
    }

    /** A header row as an error message quotes it: the first columns, each cut short, printable characters only. */
    static String headerForMessage(List<String> cells) {
        List<String> shown = cells.stream().limit(MESSAGE_COLUMNS)
                .map(c -> c.codePoints().filter(cp -> !Character.isISOControl(cp) && Character.isDefined(cp))
                        .limit(MESSAGE_COLUMN_LENGTH)
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString())
                .toList();
        return String.join(", ", shown) + (cells.size() > MESSAGE_COLUMNS ? ", … (" + cells.size() + " columns)" : "");
    }

    /** Opens the file, finds the separator and the column layout ({@code map} overrides the header). */
    static CsvSource open(FileScan scan, Properties map, String mapName) throws IOException {
        BufferedReader reader = scan.open();
        try {
            reader.mark(FIRST_LINE_LIMIT);
            String first = reader.readLine();
            if (first != null && first.length() > FIRST_LINE_LIMIT - 2) {
                throw new ContactImportException("the first line is longer than " + FIRST_LINE_LIMIT / (1024 * 1024)
                        + " MiB: this is not an address book in CSV format");
            }
            long skipped = 0;
            char delimiter;
            if (first != null && first.strip().toLowerCase(java.util.Locale.ROOT).startsWith("sep=") && first.strip().length() == 5) {
                delimiter = first.strip().charAt(4);
                skipped = 1;
            } else {
                delimiter = guessDelimiter(first == null ? "" : first);
                reader.reset();
            }
            CSVParser parser = format(delimiter).parse(reader);
            Iterator<CSVRecord> it = parser.iterator();
            CSVRecord firstRow = null;
            try {
                while (it.hasNext()) {
                    CSVRecord r = it.next();
                    if (!isBlank(r)) {
                        firstRow = r;
                        break;
                    }
                }
            } catch (UncheckedIOException | IllegalStateException e) {
                throw new ContactImportException("the first row of the CSV file cannot be parsed: " + message(e), e);
            }
            if (firstRow == null) {
                throw new ContactImportException("the CSV file has no rows");
            }
            List<String> cells = firstRow.toList();
            CsvLayout layout;
            if (map != null) {
                layout = CsvLayout.fromMap(map, cells, mapName);
            } else {
                layout = CsvLayout.fromHeader(cells);
                if (layout == null) {
                    if (cells.stream().anyMatch(CsvSource::looksLikeAddress) && CsvLayout.looksLikeThunderbirdRow(cells.size())) {
                        layout = CsvLayout.thunderbirdWithoutHeader(cells.size());
                    } else if (cells.stream().anyMatch(CsvSource::looksLikeAddress)) {
                        throw new ContactImportException("the first row holds data, not column names, and is not in"
                                + " Thunderbird's column order; describe the columns with --map (e.g. email = #3)");
                    } else {
                        throw new ContactImportException("no column of the header row is a name or e-mail column this"
                                + " importer knows; describe the columns with a column map (--map on the command line)."
                                + " Header: " + headerForMessage(cells));
                    }
                }
            }
            CsvSource source;
            if (layout.hasHeaderRow()) {
                // Go on with the same parser after the header.
                source = new CsvSource(scan, delimiter, layout, skipped, parser);
                source.rows = it;
                source.lastEnd = parser.getCurrentLineNumber();
            } else {
                parser.close();
                source = new CsvSource(scan, delimiter, layout, skipped, openAt(scan, delimiter, skipped));
            }
            return source;
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    @Override
    public String description() {
        return "CSV, " + scan.charset().name() + ", '" + (delimiter == '\t' ? "\\t" : String.valueOf(delimiter))
                + "' separated, columns from the " + layout.origin() + ": " + layout.describe();
    }

    @Override
    public ContactRecord next() throws IOException {
        while (true) {
            CSVRecord row;
            try {
                if (!rows.hasNext()) {
                    return null;
                }
                row = rows.next();
            } catch (UncheckedIOException | IllegalStateException e) {
                return recover(e);
            }
            long start = base + lastEnd + 1;
            lastEnd = parser.getCurrentLineNumber();
            if (isBlank(row)) {
                continue;
            }
            records++;
            return toRecord(row, records, "record " + records + " (line " + start + ")");
        }
    }

    /** Reports the row that broke the parser and starts a new parser on the line after it. */
    private ContactRecord recover(RuntimeException e) throws IOException {
        long brokenStart = lastEnd + 1;
        // commons-csv counts the line it is in the middle of: this is the line the error was found on.
        long errorLine = parser.getCurrentLineNumber();
        String why = message(e);
        // A quote that never closes runs to the end of the file: only its first line is given up then.
        boolean runsToEnd = why.contains("EOF");
        long skipThrough = runsToEnd ? brokenStart : Math.max(brokenStart, errorLine);
        records++;
        ContactRecord broken = ContactRecord.unreadable(records, "record " + records + " (line " + (base + brokenStart) + ")",
                "the row cannot be parsed: " + why + "; the rows after it are read on their own");
        parser.close();
        base += skipThrough;
        lastEnd = 0;
        parser = openAt(scan, delimiter, base);
        rows = parser.iterator();
        return broken;
    }

    private ContactRecord toRecord(CSVRecord row, long number, String label) {
        String name = first(row, Field.NAME, Text.MAX_NAME);
        if (name != null) {
            name = Text.name(name);
        }
        if (name == null) {
            name = Text.joinName(first(row, Field.FIRST, Text.MAX_NAME), first(row, Field.MIDDLE, Text.MAX_NAME),
                    first(row, Field.LAST, Text.MAX_NAME));
        }
        List<ContactRecord.Value> emails = new ArrayList<>();
        for (Column c : layout.columns(Field.EMAIL)) {
            List<String> values = split(cell(row, c));
            for (int i = 0; i < values.size(); i++) {
                String where = "column '" + c.header() + "'" + (values.size() > 1 ? " value " + (i + 1) : "");
                emails.add(new ContactRecord.Value(where, values.get(i)));
            }
        }
        List<String> phones = new ArrayList<>();
        for (Column c : layout.columns(Field.PHONE)) {
            String type = c.typeIndex() >= 0 && c.typeIndex() < row.size() ? row.get(c.typeIndex()) : "";
            if (!isFaxOrPager(type)) {
                phones.addAll(split(cell(row, c)));
            }
        }
        return new ContactRecord(number, label, name, false, emails, Text.distinct(phones),
                first(row, Field.TITLE, Text.MAX_FIELD), first(row, Field.ORGANIZATION, Text.MAX_FIELD), List.of(), null);
    }

    /** Contacts keep numbers to call; fax and pager columns are not mapped, and Google's typed ones are dropped here. */
    private static boolean isFaxOrPager(String type) {
        String t = type.toLowerCase(java.util.Locale.ROOT);
        return t.contains("fax") || t.contains("pager");
    }

    private String first(CSVRecord row, Field field, int max) {
        for (Column c : layout.columns(field)) {
            String v = Text.clean(cell(row, c), max);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static String cell(CSVRecord row, Column c) {
        return c.index() < row.size() ? row.get(c.index()) : null;
    }

    private static List<String> split(String cell) {
        List<String> out = new ArrayList<>();
        if (cell == null) {
            return out;
        }
        for (String part : cell.split(java.util.regex.Pattern.quote(MULTI_VALUE))) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }

    private static boolean isBlank(CSVRecord r) {
        for (String v : r) {
            if (v != null && !v.isBlank()) {
                return false;
            }
        }
        return true;
    }

    private static boolean looksLikeAddress(String s) {
        String t = s.strip();
        int at = t.indexOf('@');
        return at > 0 && at < t.length() - 1 && !t.contains(" ");
    }

    private static CSVFormat format(char delimiter) {
        // Empty lines are kept (and skipped by next()) so that the parser's line count stays physical.
        return CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(false).get();
    }

    /** A parser on the file after its first {@code lines} physical lines (CR LF, LF or CR each end one). */
    private static CSVParser openAt(FileScan scan, char delimiter, long lines) throws IOException {
        BufferedReader reader = scan.open();
        try {
            long seen = 0;
            while (seen < lines) {
                int c = reader.read();
                if (c < 0) {
                    break;
                }
                if (c == '\n') {
                    seen++;
                } else if (c == '\r') {
                    reader.mark(1);
                    if (reader.read() != '\n') {
                        reader.reset();
                    }
                    seen++;
                }
            }
            return format(delimiter).parse(reader);
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** The separator of a header line: whichever of , ; TAB occurs most often outside quotes (',' on a tie). */
    static char guessDelimiter(String line) {
        int comma = 0;
        int semicolon = 0;
        int tab = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                if (c == ',') {
                    comma++;
                } else if (c == ';') {
                    semicolon++;
                } else if (c == '\t') {
                    tab++;
                }
            }
        }
        if (tab > comma && tab > semicolon) {
            return '\t';
        }
        return semicolon > comma ? ';' : ',';
    }

    /** The parser's reason without its own line numbers, which count from where it (re)started; the label has the file's. */
    private static String message(RuntimeException e) {
        Throwable t = e.getCause() != null ? e.getCause() : e;
        String m = t.getMessage();
        if (m == null) {
            return t.getClass().getSimpleName();
        }
        return m.replaceAll("\\(startline \\d+\\)\\s*", "").replaceAll(" at line: \\d+, position: \\d+", "").strip();
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
