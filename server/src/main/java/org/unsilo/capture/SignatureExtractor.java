package org.unsilo.capture;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds the sender's own signature block in a plain-text body and reads phone numbers, a job title and
 * a company name from it (DESIGN.md §5.8).
 *
 * <p>Precision comes before recall, because what it finds fills contact records that people trust:
 * <ul>
 *   <li>only the sender's own text counts — everything from the first quoted or forwarded part on
 *       ({@code -----Original Message-----}, {@code From: … Sent:}, {@code > } lines, Lotus Notes
 *       {@code Forwarded by}, {@code On … wrote:}) is cut off first;</li>
 *   <li>a block must start at a line that names the <em>sender</em> (their display name, or a name
 *       their address is made of, e.g. {@code soblander@} for "Scott Oblander"); a bare first name
 *       counts only right after a sign-off such as "Regards". A press contact or a colleague named
 *       in the text therefore never lends their number to the sender;</li>
 *   <li>the block is the few short lines after that name line and ends at a sentence, a separator,
 *       a disclaimer or two blank lines — numbers in "please call me at …" prose are not read;</li>
 *   <li>phone numbers are found by libphonenumber ({@link Leniency#VALID}) with a default region
 *       guessed from the sender's country-code domain; toll-free and premium-rate numbers are company
 *       hotlines, not the person, and are left out; numbers on lines about someone else
 *       ("Assistant: …") are skipped.</li>
 * </ul>
 * Stateless and thread-safe: one instance serves every capture.
 */
public final class SignatureExtractor {

    /** What a signature line says a number is; {@link #NONE} when it says nothing. */
    public enum PhoneKind {
        WORK, MOBILE, HOME, FAX, PAGER, NONE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A number as found: {@code number} in INTERNATIONAL format (with any extension), {@code e164} without it. */
    public record Phone(String number, String e164, PhoneKind kind) {
    }

    /** The sender's signature block: the name line that anchored it and what was read from it. */
    public record Signature(String nameLine, String title, String company, List<Phone> phones) {

        public Signature {
            phones = List.copyOf(phones);
        }

        public boolean isEmpty() {
            return title == null && company == null && phones.isEmpty();
        }
    }

    /** Bodies longer than this are newsletters or pasted documents, not personal mail; only their start is read. */
    private static final int MAX_BODY_CHARS = 100_000;
    /** The signature must sit among the last lines of the sender's own text. */
    private static final int TAIL_LINES = 20;
    /** How much of the end of the own text is split into lines; 20 lines of signature fit many times over. */
    private static final int TAIL_WINDOW_CHARS = 4_000;
    /** Lines read after the name line; real signature blocks are shorter. */
    private static final int MAX_BLOCK_LINES = 10;
    private static final int MAX_LINE_CHARS = 90;

    /**
     * The start of a quoted or forwarded part, matched at the start of a stripped line. Every pattern
     * here runs on every line of every captured body, so none may backtrack over a line: no leading
     * {@code .*}, possessive runs of whitespace (a body with a line of 10,000 spaces must not cost seconds).
     */
    private static final Pattern QUOTE_START = Pattern.compile(
            "-{2,}\\s*+original message\\s*+-{2,}"
                    + "|-{3,}[^\\n]*?forwarded by"
                    + "|-{3,}\\s*+forwarded message"
                    + "|begin forwarded message"
                    // Quoted headers start with From (Outlook) or Sent; "Date:" or "To:" in a meeting note do not cut.
                    + "|(?:from|sent)\\s*+:\\s"
                    + "|>"
                    + "|on\\s[^\\n]*?\\swrote:\\s*+$",
            Pattern.CASE_INSENSITIVE);
    /** A Lotus Notes reply header: {@code "Jane Doe" <jane@acme.com> on 05/10/2001 10:00:00 AM}. */
    private static final Pattern NOTES_HEADER = Pattern.compile(
            "\\S\\s++on\\s++\\d{1,2}/\\d{1,2}/\\d{2,4}\\s++\\d{1,2}:\\d{2}", Pattern.CASE_INSENSITIVE);
    /** Quote headers are short; longer lines are text and are not searched for one. */
    private static final int MAX_HEADER_LINE_CHARS = 500;
    /** The second line of a wrapped "On Mon, 5 Mar 2001, Jane Doe\nwrote:" header. */
    private static final Pattern WROTE_END = Pattern.compile("\\bwrote:\\s*+$", Pattern.CASE_INSENSITIVE);
    /** Lotus Notes headers put the date on a line of its own under the sender's name. */
    private static final Pattern NOTES_DATE_LINE = Pattern.compile(
            "\\d{1,2}/\\d{1,2}/\\d{2,4}\\s++\\d{1,2}:\\d{2}(?::\\d{2})?\\s*+(?:AM|PM)?", Pattern.CASE_INSENSITIVE);

    private static final Pattern SIGN_OFF = Pattern.compile(
            "^(?:many thanks|thanks again|thanks|thank you|thx|tia|regards|best regards|kind regards|warm regards|"
                    + "warmest regards|best wishes|all the best|best|cheers|sincerely|sincerely yours|yours truly|"
                    + "yours sincerely|yours|respectfully|cordially|take care|rgds|talk soon|--|-)"
                    + "(?![\\p{L}])(?:\\s*[,.!:;-]+)?\\s*", Pattern.CASE_INSENSITIVE);
    /** Whatever ends a signature block: separators, disclaimers, list footers, device taglines. */
    private static final Pattern TERMINATOR = Pattern.compile(
            "^\\s*(?:[-_=*#~+.]\\s?){4,}|confidential|privileged|intended (?:solely|only|recipient|for)|disclaimer"
                    + "|unsubscribe|this (?:e-?mail|message|communication|transmission)|notice:|do not (?:copy|forward)"
                    + "|opinions expressed|copyright|all rights reserved|sent from my|sent via|get your free"
                    + "|\\bvirus|\\[image]",
            Pattern.CASE_INSENSITIVE);
    /** Words that make a line prose rather than a signature line. */
    private static final Set<String> PROSE_WORDS = Set.of("i", "i'm", "i'll", "we", "we're", "you", "you're", "he",
            "she", "they", "me", "us", "my", "our", "your", "his", "her", "their", "please", "call", "let", "know",
            "if", "would", "will", "can", "could", "should", "thanks", "thank", "is", "are", "am", "was", "were",
            "have", "has", "had", "do", "does", "did", "this", "that", "these", "there", "here", "when", "what",
            "forward", "reach", "questions", "attached", "regarding");
    /** Numbers on such lines belong to someone or something other than the sender. */
    private static final Pattern NOT_THE_SENDER = Pattern.compile(
            "\\b(?:assistant|asst|secretary|admin|contact|emergency|toll|customer|support|help ?desk|hotline"
                    + "|reservations?|switchboard|operator|conference|dial[- ]?in|bridge|passcode|pin)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern LABEL_WORD = Pattern.compile(
            "\\b(telephone|tel|phone|ph|voice|office|direct|dir|work|main|cellular|cell|mobile|mob|handy|wireless|"
                    + "facsimile|fax|home|pager|beeper)\\b\\.?|\\b([pmcfowhtd])[:.)]", Pattern.CASE_INSENSITIVE);
    private static final Pattern LEGAL_SUFFIX = Pattern.compile(
            "(?:,?\\s+)(?:inc|incorporated|llc|l\\.l\\.c|ltd|limited|corp|corporation|company|co|gmbh|ag|plc|p\\.l\\.c"
                    + "|lp|l\\.p|llp|l\\.l\\.p|s\\.a|sa|n\\.v|nv|b\\.v|bv|pty|s\\.p\\.a|spa|oy|ab|as|a/s|srl|s\\.r\\.l)\\.?$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME_TOKEN = Pattern.compile("\\p{Lu}[\\p{L}'’.-]*|\\p{Lu}\\.?");
    /** Honorifics and post-nominals: not part of the name that is compared with the sender's. */
    private static final Set<String> NOT_NAMES = Set.of("mr", "mrs", "ms", "dr", "prof", "jr", "sr", "ii", "iii", "iv",
            "phd", "md", "esq", "cfa", "cpa", "pe", "mba");
    private static final Pattern NAME_SEPARATOR = Pattern.compile("\\s*(?:,|\\s[-–—|/]\\s|\\t)\\s*");
    /** Between a title and a company on one line: "Director, Acme Inc.", "Head of Trading | Acme Ltd". */
    private static final Pattern PART_SEPARATOR = Pattern.compile("\\s*(?:,|\\s[-–—|]\\s)\\s*");
    private static final Pattern OTHER_PERSON_SEPARATOR = Pattern.compile("\\s*[-–—,|/]\\s*");
    private static final Pattern DIGIT = Pattern.compile("\\d");
    // Precompiled: these run on every line of the tail of every captured body (String.split/replaceAll/matches
    // would compile their pattern on each call).
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[,.;:]+$");
    private static final Pattern TRAILING_SEPARATOR = Pattern.compile("[,;:]+$");
    private static final Pattern NAME_WORD_SEPARATOR = Pattern.compile("[\\s,]+");
    private static final Pattern PROSE_WORD_SEPARATOR = Pattern.compile("[\\s,;:()]+");
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?]+$");
    private static final Pattern ENDS_A_SENTENCE = Pattern.compile(".*[a-z][.!?]$");
    private static final Pattern LEADING_THE = Pattern.compile("^the\\s+", Pattern.CASE_INSENSITIVE);
    private static final Pattern BETWEEN_LABEL_AND_NUMBER = Pattern.compile("[\\s:#.()\\[\\]=-]*");
    private static final Pattern BEFORE_LABEL = Pattern.compile("[\\s,;/()\\[\\]-]*");
    private static final Pattern URL_OR_MAIL = Pattern.compile("@|https?://|\\bwww\\.", Pattern.CASE_INSENSITIVE);

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private final Pattern titleWords;
    private final OrganizationInference organizations;

    public SignatureExtractor(Set<String> titleTerms, OrganizationInference organizations) {
        // Longest first, so "vice president" wins over "president"; "Vice-President" and
        // "Vice President-Investments" are written with hyphens, "Co-Founder" must not count as "founder".
        String alternation = titleTerms.stream().sorted(Comparator.comparingInt(String::length).reversed())
                .map(t -> Pattern.quote(t).replace(" ", "\\E[\\s-]+\\Q"))
                .collect(Collectors.joining("|"));
        this.titleWords = Pattern.compile("(?<![\\p{L}-])(?:" + alternation + ")(?!\\p{L})",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        this.organizations = organizations;
    }

    public static SignatureExtractor builtIn(OrganizationInference organizations) {
        return new SignatureExtractor(ListResource.lines("/capture/job-titles.txt"), organizations);
    }

    /**
     * The sender's signature in {@code body}, if one can be told apart with confidence.
     *
     * @param senderName    the sender's display name as cleaned by capture ("Phillip K. Allen"), may be null
     * @param senderAddress the sender's normalised address
     */
    public Optional<Signature> extract(String body, String senderName, EmailAddress senderAddress) {
        if (body == null || body.isBlank() || senderAddress == null) {
            return Optional.empty();
        }
        String text = body.length() > MAX_BODY_CHARS ? body.substring(0, MAX_BODY_CHARS) : body;
        // Only the end of the sender's own text can hold their signature: split just that window into lines.
        int ownEnd = ownTextEnd(text);
        int windowStart = Math.max(0, ownEnd - TAIL_WINDOW_CHARS);
        if (windowStart > 0) {
            int nl = text.indexOf('\n', windowStart);
            windowStart = nl < 0 || nl >= ownEnd ? ownEnd : nl + 1;
        }
        String[] lines = lines(text.substring(windowStart, ownEnd).replace('\u00a0', ' '));
        int end = lines.length;
        int start = tailStart(lines, end);
        Sender sender = Sender.of(senderName, senderAddress);
        String region = defaultRegion(senderAddress.domain());
        String orgLabel = organizations.organizationDomain(senderAddress.domain())
                .map(d -> d.substring(0, d.indexOf('.') < 0 ? d.length() : d.indexOf('.'))).orElse(null);
        // The last anchor wins: a closing "Scott Oblander / 312-…" beats an earlier "Thanks, Scott".
        for (int i = end - 1; i >= start; i--) {
            Optional<String> rest = anchor(lines, i, start, sender);
            if (rest.isPresent()) {
                Signature s = block(lines, i, end, rest.get(), sender, region, orgLabel);
                if (!s.isEmpty()) {
                    return Optional.of(s);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Offset of the first line that belongs to a quoted or forwarded part (or the text's length). Runs
     * over every captured body, so it walks the text in place: no line copies, one matcher per pattern.
     */
    static int ownTextEnd(String text) {
        Matcher quote = QUOTE_START.matcher(text);
        Matcher notes = NOTES_HEADER.matcher(text);
        Matcher wrote = WROTE_END.matcher(text);
        Matcher date = NOTES_DATE_LINE.matcher(text);
        int n = text.length();
        int previousStart = -1;
        int previousContent = -1;
        int nextSlash = text.indexOf('/');
        int nextColon = text.indexOf(':');
        for (int pos = 0; pos < n; ) {
            int nl = text.indexOf('\n', pos);
            int lineEnd = nl < 0 ? n : nl;
            int contentEnd = lineEnd > pos && text.charAt(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
            int content = pos;
            while (content < contentEnd && Character.isWhitespace(text.charAt(content))) {
                content++;
            }
            if (contentEnd - pos <= MAX_HEADER_LINE_CHARS && content < contentEnd) {
                if (quote.region(content, contentEnd).lookingAt()) {
                    return pos;
                }
                // Cheap character tests first: the header patterns need a date's '/' and a time's ':'. The
                // next occurrence is remembered, so a body without any is searched once, not once a line.
                if (nextSlash >= 0 && nextSlash < content) {
                    nextSlash = text.indexOf('/', content);
                }
                if (nextColon >= 0 && nextColon < content) {
                    nextColon = text.indexOf(':', content);
                }
                if (nextSlash >= 0 && nextSlash < contentEnd && nextColon >= 0 && nextColon < contentEnd
                        && notes.region(content, contentEnd).find()) {
                    return pos;
                }
                int last = contentEnd - 1;
                while (last > content && Character.isWhitespace(text.charAt(last))) {
                    last--;
                }
                if (previousStart >= 0 && text.charAt(last) == ':' && wrote.region(content, contentEnd).find()
                        && text.regionMatches(true, previousContent, "on ", 0, 3)) {
                    return previousStart;
                }
                if (previousStart >= 0 && Character.isDigit(text.charAt(content)) && date.region(content, contentEnd).matches()) {
                    return previousStart;
                }
            }
            previousStart = pos;
            previousContent = content;
            pos = nl < 0 ? n : nl + 1;
        }
        return n;
    }

    /** The lines of {@code text}, split at CR LF, LF or CR, the last one kept even if empty (as a split with limit -1). */
    static String[] lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        lines.add(text.substring(start));
        return lines.toArray(String[]::new);
    }

    private static int tailStart(String[] lines, int end) {
        int nonBlank = 0;
        int i = end;
        while (i > 0 && nonBlank < TAIL_LINES) {
            i--;
            if (!lines[i].isBlank()) {
                nonBlank++;
            }
        }
        return i;
    }

    /**
     * If line {@code i} names the sender, what follows the name on that line (possibly ""). A full name
     * is enough; a single name only right after a sign-off ("Thanks,\nScott" or "Thanks, Scott").
     */
    private Optional<String> anchor(String[] lines, int i, int start, Sender sender) {
        String line = lines[i].strip();
        if (line.isEmpty() || line.length() > 70 || DIGIT.matcher(line).find() || URL_OR_MAIL.matcher(line).find()) {
            return Optional.empty();
        }
        boolean afterSignOff = false;
        Matcher signOff = SIGN_OFF.matcher(line);
        if (signOff.lookingAt()) {
            String after = line.substring(signOff.end()).strip();
            if (after.isEmpty()) {
                return Optional.empty();
            }
            line = after;
            afterSignOff = true;
        } else {
            afterSignOff = previousIsSignOff(lines, i, start);
        }
        line = TRAILING_PUNCTUATION.matcher(line).replaceAll("").strip();
        // "Scott Oblander, CFA" or "Jane Doe | Director": the name is the first part, the rest may be a title.
        String namePart = line;
        String rest = "";
        Matcher sep = NAME_SEPARATOR.matcher(line);
        if (sep.find()) {
            namePart = line.substring(0, sep.start());
            rest = line.substring(sep.end());
        }
        List<String> tokens = nameTokens(namePart);
        if (tokens.isEmpty()) {
            return Optional.empty();
        }
        Match m = sender.match(tokens);
        if (m == Match.FULL || (m == Match.SINGLE && afterSignOff)) {
            return Optional.of(rest);
        }
        return Optional.empty();
    }

    private static boolean previousIsSignOff(String[] lines, int i, int start) {
        for (int j = i - 1; j >= start && j >= i - 2; j--) {
            String prev = lines[j].strip();
            if (prev.isEmpty()) {
                continue;
            }
            Matcher m = SIGN_OFF.matcher(prev);
            return m.matches();
        }
        return false;
    }

    /** Lower-case name tokens of a line that looks like a name (1–4 capitalised words), else empty. */
    static List<String> nameTokens(String namePart) {
        String[] words = WHITESPACE.split(namePart.strip());
        if (words.length == 0 || words.length > 4) {
            return List.of();
        }
        List<String> tokens = new ArrayList<>();
        for (String w : words) {
            if (!NAME_TOKEN.matcher(w).matches()) {
                return List.of();
            }
            String letters = lettersOf(w);
            if (!letters.isEmpty() && !NOT_NAMES.contains(letters)) {
                tokens.add(letters);
            }
        }
        return tokens;
    }

    private static String lettersOf(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.toLowerCase(Locale.ROOT).codePoints().filter(Character::isLetter).forEach(b::appendCodePoint);
        return b.toString();
    }

    private enum Match { NONE, SINGLE, FULL }

    /** The sender's name as tokens, and the letters of their address's local part. */
    private record Sender(List<String> nameTokens, String local) {

        static Sender of(String displayName, EmailAddress address) {
            List<String> tokens = new ArrayList<>();
            if (displayName != null) {
                for (String w : NAME_WORD_SEPARATOR.split(displayName.strip())) {
                    String letters = lettersOf(w);
                    if (!letters.isEmpty() && !NOT_NAMES.contains(letters)) {
                        tokens.add(letters);
                    }
                }
            }
            String local = address.localPart();
            int plus = local.indexOf('+');
            return new Sender(List.copyOf(tokens), lettersOf(plus > 0 ? local.substring(0, plus) : local));
        }

        /**
         * FULL: the line's surname is the sender's and a first name agrees at least in its initial
         * (Phil / Phillip), or the address is built from the line's names (soblander, scott.oblander, boba).
         * SINGLE: one word that is the sender's first name, surname, or whole local part.
         */
        Match match(List<String> line) {
            List<String> full = line.stream().filter(t -> t.length() > 1).toList();
            if (full.size() >= 2) {
                String first = full.get(0);
                String last = full.get(full.size() - 1);
                if (nameTokens.contains(last) && nameTokens.stream()
                        .anyMatch(d -> d.length() > 1 && !d.equals(last) && d.charAt(0) == first.charAt(0))) {
                    return Match.FULL;
                }
                return localMatches(first, last, line) ? Match.FULL : Match.NONE;
            }
            if (full.size() == 1) {
                String only = full.get(0);
                if (nameTokens.contains(only) || local.equals(only)
                        || (only.length() >= 3 && local.startsWith(only) && local.length() - only.length() <= 1)) {
                    return Match.SINGLE;
                }
            }
            return Match.NONE;
        }

        private boolean localMatches(String first, String last, List<String> all) {
            if (local.length() < 3) {
                return false;
            }
            StringBuilder initials = new StringBuilder();
            all.forEach(t -> initials.append(t.charAt(0)));
            String f0 = first.substring(0, 1);
            List<String> forms = List.of(first + last, f0 + last, last + first, last + f0, first + last.charAt(0),
                    initials.substring(0, initials.length() - 1) + last, first);
            for (String form : forms) {
                if (local.equals(form)) {
                    return true;
                }
            }
            if (last.length() >= 4 && local.equals(last)) {
                return true;
            }
            // initial, perhaps a middle initial, then the surname or its start: "soblander", "mdhubley", "dbmcvick".
            if (local.charAt(0) == first.charAt(0)) {
                for (int skip = 1; skip <= 2 && skip < local.length(); skip++) {
                    String rest = local.substring(skip);
                    if (rest.length() >= 4 && last.startsWith(rest)) {
                        return true;
                    }
                }
            }
            // first name plus the start of the surname: "boba" for Bob Aldrich, "scottob" for Scott Oblander.
            return first.length() >= 3 && local.startsWith(first) && local.length() > first.length()
                    && last.startsWith(local.substring(first.length()));
        }
    }

    /** Reads the block that starts at the anchor line {@code anchor}. */
    private Signature block(String[] lines, int anchor, int end, String sameLineRest, Sender sender, String region,
                            String orgLabel) {
        String title = null;
        String company = null;
        Map<String, Phone> found = new LinkedHashMap<>();
        if (!sameLineRest.isEmpty()) {
            title = titleOf(sameLineRest, orgLabel);
            company = companyIn(sameLineRest, orgLabel);
        }
        int blankRun = 0;
        int read = 0;
        boolean sawPhone = false;
        for (int j = anchor + 1; j < end && read < MAX_BLOCK_LINES; j++) {
            String line = lines[j].strip();
            if (line.isEmpty()) {
                if (++blankRun >= 2) {
                    break;
                }
                continue;
            }
            boolean afterBlank = blankRun > 0;
            blankRun = 0;
            read++;
            if (line.length() > MAX_LINE_CHARS || TERMINATOR.matcher(line).find() || isProse(line)
                    || namesSomeoneElse(line, afterBlank, sender, orgLabel)) {
                break;
            }
            List<Phone> onLine = DIGIT.matcher(line).find() ? phonesOn(line, region) : List.of();
            onLine.forEach(p -> found.putIfAbsent(p.number(), p));
            if (!onLine.isEmpty()) {
                sawPhone = true;
                continue;
            }
            if (title == null && !sawPhone && read <= 2) {
                title = titleOf(line, orgLabel);
                if (title != null) {
                    if (company == null) {
                        company = companyIn(line, orgLabel);
                    }
                    continue;
                }
            }
            if (company == null && read <= 5) {
                company = companyOf(line, orgLabel);
            }
        }
        return new Signature(lines[anchor].strip(), title, company, List.copyOf(found.values()));
    }

    /**
     * A line about another person, which ends the sender's block: "Rocky Emery-Managing Director", or a
     * bare "Jane Doe" after a blank line (a second signature below the sender's).
     */
    private boolean namesSomeoneElse(String line, boolean afterBlank, Sender sender, String orgLabel) {
        Matcher sep = OTHER_PERSON_SEPARATOR.matcher(line);
        String namePart = sep.find() ? line.substring(0, sep.start()) : line;
        String rest = namePart.length() < line.length() ? line.substring(sep.end()) : "";
        List<String> tokens = nameTokens(namePart);
        long full = tokens.stream().filter(t -> t.length() > 1).count();
        if (full < 2 || full > 3 || titleWords.matcher(namePart).find() || companyOf(namePart, orgLabel) != null
                || sender.match(tokens) != Match.NONE) {
            return false;
        }
        return rest.isEmpty() ? afterBlank && full == 2 : titleOf(rest, orgLabel) != null;
    }

    private static boolean isProse(String line) {
        String[] words = PROSE_WORD_SEPARATOR.split(line.toLowerCase(Locale.ROOT));
        if (words.length >= 12) {
            return true;
        }
        int prose = 0;
        for (String w : words) {
            if (PROSE_WORDS.contains(SENTENCE_END.matcher(w).replaceAll(""))) {
                prose++;
            }
        }
        return prose > 0 && words.length >= 3 || (words.length >= 6 && ENDS_A_SENTENCE.matcher(line).matches());
    }

    /**
     * A job title: a short capitalised line (or part of the name line) with a title word, no digits,
     * no prose. "Vice President, Gas Trading" keeps its department; a trailing ", Acme Inc." is cut off.
     */
    String titleOf(String text, String orgLabel) {
        String t = TRAILING_SEPARATOR.matcher(text.strip()).replaceAll("").strip();
        if (t.length() < 2 || t.length() > 70 || DIGIT.matcher(t).find() || URL_OR_MAIL.matcher(t).find()
                || !Character.isUpperCase(t.codePointAt(0)) || WHITESPACE.split(t).length > 8 || isProse(t)
                || t.endsWith("?") || t.endsWith("!") || !titleWords.matcher(t).find()) {
            return null;
        }
        // Drop a company part: "Director, Acme Energy, Inc." → "Director".
        Matcher sep = PART_SEPARATOR.matcher(t);
        while (sep.find()) {
            String remainder = t.substring(sep.end());
            if (companyOf(remainder, orgLabel) != null) {
                t = t.substring(0, sep.start());
                break;
            }
        }
        return t.isEmpty() || !titleWords.matcher(t).find() ? null : t;
    }

    /** The company in a line that may start with a name or title: "Head of Trading | Acme Power Ltd" → "Acme Power Ltd". */
    private String companyIn(String line, String orgLabel) {
        String whole = companyOf(line, orgLabel);
        if (whole != null) {
            return whole;
        }
        Matcher sep = PART_SEPARATOR.matcher(line);
        while (sep.find()) {
            String remainder = companyOf(line.substring(sep.end()), orgLabel);
            if (remainder != null) {
                return remainder;
            }
        }
        return null;
    }

    /** A company: a short line ending in a legal form (Inc, LLC, GmbH…) or naming the sender's domain. */
    String companyOf(String text, String orgLabel) {
        String t = TRAILING_SEPARATOR.matcher(text.strip()).replaceAll("").strip();
        if (t.length() < 2 || t.length() > 70 || URL_OR_MAIL.matcher(t).find() || WHITESPACE.split(t).length > 8
                || isProse(t) || !Character.isLetterOrDigit(t.codePointAt(0)) || DIGIT.matcher(t).find()
                || titleWords.matcher(t).find()) {
            return null;
        }
        if (LEGAL_SUFFIX.matcher(t).find() && Character.isUpperCase(t.codePointAt(0))) {
            return t;
        }
        if (orgLabel != null && orgLabel.length() >= 4) {
            String letters = lettersOf(LEADING_THE.matcher(t).replaceFirst(""));
            String label = lettersOf(orgLabel);
            if (letters.equals(label) || (letters.startsWith(label) && WHITESPACE.split(t).length <= 4)) {
                return t;
            }
        }
        return null;
    }

    /** True when a company name ends in a legal form ("Coral Energy Resources, L.P."), the strongest kind of company line. */
    public static boolean hasLegalForm(String company) {
        return company != null && LEGAL_SUFFIX.matcher(company.strip()).find();
    }

    /**
     * The numbers on one signature line, labelled by the words next to them. A line is read either in
     * prefix style ("Tel: … Fax: …") or, when it starts with a number and ends with a label, in suffix
     * style ("312-762-1015 (o) 312-762-1014 (f)"), so that a label between two numbers goes to one only.
     */
    List<Phone> phonesOn(String line, String region) {
        if (NOT_THE_SENDER.matcher(line).find()) {
            return List.of();
        }
        List<PhoneNumberMatch> matches = new ArrayList<>();
        phones.findNumbers(line, region, Leniency.VALID, Long.MAX_VALUE).forEach(matches::add);
        if (matches.isEmpty()) {
            return List.of();
        }
        boolean suffixStyle = labelAtEnd(line.substring(0, matches.get(0).start())) == null
                && labelAtStart(line.substring(matches.get(matches.size() - 1).end())) != null;
        List<Phone> out = new ArrayList<>();
        for (int k = 0; k < matches.size(); k++) {
            PhoneNumberMatch m = matches.get(k);
            int from = k == 0 ? 0 : matches.get(k - 1).end();
            int to = k + 1 < matches.size() ? matches.get(k + 1).start() : line.length();
            PhoneKind kind = suffixStyle ? labelAtStart(line.substring(m.end(), to)) : labelAtEnd(line.substring(from, m.start()));
            PhoneNumber n = m.number();
            PhoneNumberType type = phones.getNumberType(n);
            if (type == PhoneNumberType.TOLL_FREE || type == PhoneNumberType.PREMIUM_RATE
                    || type == PhoneNumberType.SHARED_COST) {
                continue;
            }
            out.add(new Phone(phones.format(n, PhoneNumberFormat.INTERNATIONAL), phones.format(n, PhoneNumberFormat.E164),
                    kind == null ? PhoneKind.NONE : kind));
        }
        return out;
    }

    private static PhoneKind labelAtEnd(String text) {
        Matcher m = LABEL_WORD.matcher(text);
        PhoneKind last = null;
        int lastEnd = -1;
        while (m.find()) {
            last = kindOf(m.group(1) != null ? m.group(1) : m.group(2));
            lastEnd = m.end();
        }
        // The label must be next to the number: only punctuation may stand between them.
        return last != null && BETWEEN_LABEL_AND_NUMBER.matcher(text.substring(lastEnd)).matches() ? last : null;
    }

    private static PhoneKind labelAtStart(String text) {
        Matcher m = LABEL_WORD.matcher(text);
        if (m.find() && BEFORE_LABEL.matcher(text.substring(0, m.start())).matches()) {
            return kindOf(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return null;
    }

    private static PhoneKind kindOf(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "cellular", "cell", "mobile", "mob", "handy", "wireless", "m", "c" -> PhoneKind.MOBILE;
            case "facsimile", "fax", "f" -> PhoneKind.FAX;
            case "home", "h" -> PhoneKind.HOME;
            case "pager", "beeper" -> PhoneKind.PAGER;
            default -> PhoneKind.WORK;
        };
    }

    /** The region for numbers written without a country code: the sender's country-code TLD, else US. */
    String defaultRegion(String domain) {
        int dot = domain.lastIndexOf('.');
        String tld = domain.substring(dot + 1).toUpperCase(Locale.ROOT);
        if (tld.equals("UK")) {
            return "GB";
        }
        return tld.length() == 2 && phones.getSupportedRegions().contains(tld) ? tld : "US";
    }
}
