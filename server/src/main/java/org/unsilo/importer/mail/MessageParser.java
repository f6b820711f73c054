package org.unsilo.importer.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.StreamProvider;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.jsoup.Jsoup;
import org.unsilo.capture.AddressList;
import org.unsilo.capture.Party;

/**
 * Reads one RFC 5322 message with Angus Mail (Jakarta Mail): encoded words, folded headers, address lists,
 * multipart bodies and transfer encodings are the library's job, never ours. What is ours is to degrade
 * gracefully: a message whose body cannot be decoded is still imported from its headers, an unknown or
 * wrong charset falls back to UTF-8 or windows-1252, and only a message without a usable sender is refused.
 * Thread-safe: the pool of parse threads shares one instance.
 */
final class MessageParser {

    /** Text beyond this is not needed for snippets, fingerprints or stored bodies of any sensible size. */
    static final int MAX_TEXT_BYTES = 1 << 20;
    private static final int MAX_DEPTH = 12;
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /** Headers the capture path uses for threading and for telling list mail from people (DESIGN.md §5.4, §5.6). */
    static final List<String> KEPT_HEADERS = List.of("In-Reply-To", "References", "List-Id", "List-Unsubscribe",
            "List-Post", "Precedence", "Auto-Submitted");

    /** Why a message cannot be imported: a short category for the summary, and the detail for the issue list. */
    static final class UnreadableMessageException extends Exception {
        private final String category;

        UnreadableMessageException(String category, String detail) {
            super(detail);
            this.category = category;
        }

        String category() {
            return category;
        }
    }

    private final Session session;
    /**
     * Jakarta Mail's stream provider (Angus Mail's decoders), looked up once. The API looks it up again through
     * {@code ServiceLoader} for every part it decodes (jakartaee/mail-api#861), which scans the jar each time: that
     * was ~8 % of an import's parse thread.
     */
    private final StreamProvider streams = StreamProvider.provider();

    MessageParser() {
        Properties props = new Properties();
        // Real archives are full of addresses that break RFC 822 in small ways; the capture path validates them.
        props.setProperty("mail.mime.address.strict", "false");
        this.session = Session.getInstance(props);
    }

    ParsedMessage parse(byte[] raw) throws UnreadableMessageException {
        int start = envelopeLineEnd(raw);
        MimeMessage m;
        try {
            m = new MimeMessage(session, new SharedByteArrayInputStream(raw, start, raw.length - start));
        } catch (MessagingException | RuntimeException e) {
            throw new UnreadableMessageException("unreadable message", "cannot parse the message headers: " + describe(e));
        }
        try {
            return read(m);
        } catch (MessagingException | RuntimeException e) {
            throw new UnreadableMessageException("unreadable message", "cannot read the message: " + describe(e));
        }
    }

    /** The sender and Gmail labels only, for learning which addresses an owner sends from; null if unreadable. */
    Sender sender(byte[] raw) {
        int start = envelopeLineEnd(raw);
        try {
            MimeMessage m = new MimeMessage(session, new SharedByteArrayInputStream(raw, start, raw.length - start));
            String from = header(m, "From");
            Party party = from == null ? null : firstAddress(from, cmuDisplayName(m));
            // Gmail (Google Takeout) puts every label in one mbox: "Sent" in X-Gmail-Labels marks sent mail.
            return party == null ? null : new Sender(party, header(m, "X-Gmail-Labels"));
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    record Sender(Party from, String gmailLabels) {
    }

    private ParsedMessage read(MimeMessage m) throws MessagingException, UnreadableMessageException {
        String fromHeader = header(m, "From");
        if (fromHeader == null || fromHeader.isBlank()) {
            fromHeader = header(m, "Sender");
        }
        if (fromHeader == null || fromHeader.isBlank()) {
            throw new UnreadableMessageException("no sender", "the message has no From header");
        }
        Party from = firstAddress(fromHeader, cmuDisplayName(m));
        if (from == null) {
            throw new UnreadableMessageException("no sender", "the From header holds no address: " + abbreviate(fromHeader));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : KEPT_HEADERS) {
            String v = header(m, name);
            if (v != null && !v.isBlank()) {
                headers.put(name, v);
            }
        }
        String messageId = header(m, "Message-ID");
        return new ParsedMessage(messageId == null || messageId.isBlank() ? null : messageId, sentAt(m), subject(m), from,
                AddressList.parties(header(m, "To")), AddressList.parties(header(m, "Cc")), headers, body(m));
    }

    /** All occurrences of a header joined with commas (a message may repeat Cc), unfolded. */
    private static String header(MimeMessage m, String name) throws MessagingException {
        String v = m.getHeader(name, ",");
        return v == null ? null : MimeUtility.unfold(v).trim();
    }

    private static String subject(MimeMessage m) {
        try {
            // Decodes RFC 2047 encoded words; when a charset is unknown Angus returns the raw text, which we keep.
            String s = m.getSubject();
            return s == null ? null : MimeUtility.unfold(s).strip();
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    /** Date header; when it is missing or unreadable, the time the nearest server received it. */
    private static Instant sentAt(MimeMessage m) {
        try {
            Date d = m.getSentDate();
            if (d != null) {
                return d.toInstant();
            }
            String[] received = m.getHeader("Received");
            if (received != null) {
                for (String r : received) {
                    int semi = r.lastIndexOf(';');
                    if (semi >= 0) {
                        try {
                            return new MailDateFormat().parse(MimeUtility.unfold(r.substring(semi + 1)).trim()).toInstant();
                        } catch (ParseException e) {
                            // try the next hop
                        }
                    }
                }
            }
        } catch (MessagingException | RuntimeException e) {
            // no usable date: the capture path uses the time of capture
        }
        return null;
    }

    /**
     * The first address of a From header. The CMU Enron files carry the display name only in their
     * {@code X-From} header ({@code From: phillip.allen@enron.com}, {@code X-From: Phillip K Allen}); when
     * From has no name, that one is used, so contacts and staff get names.
     */
    private static Party firstAddress(String header, String fallbackName) {
        InternetAddress[] parsed;
        try {
            parsed = InternetAddress.parseHeader(header, false);
        } catch (AddressException e) {
            return Party.raw(header);
        }
        for (InternetAddress a : parsed) {
            InternetAddress candidate = a;
            if (a.isGroup()) {
                try {
                    InternetAddress[] members = a.getGroup(false);
                    candidate = members.length > 0 ? members[0] : null;
                } catch (AddressException e) {
                    candidate = null;
                }
            }
            if (candidate == null || candidate.getAddress() == null || candidate.getAddress().isBlank()) {
                continue;
            }
            if ((candidate.getPersonal() == null || candidate.getPersonal().isBlank()) && fallbackName != null) {
                try {
                    candidate = new InternetAddress(candidate.getAddress(), fallbackName, "UTF-8");
                } catch (UnsupportedEncodingException e) {
                    // UTF-8 is always there; keep the address without a name
                }
            }
            return Party.raw(candidate.toString());
        }
        return null;
    }

    /**
     * A name from CMU's {@code X-From}: "Phillip K Allen", "Rincon, Jaime &lt;JARx@pge.com&gt;",
     * "Corporate Security@ENRON". Whatever still looks like an address rather than a name is dropped.
     */
    static String cmuDisplayName(MimeMessage m) {
        String x;
        try {
            x = header(m, "X-From");
        } catch (MessagingException e) {
            return null;
        }
        if (x == null) {
            return null;
        }
        int lt = x.indexOf('<');
        String name = lt >= 0 ? x.substring(0, lt) : x;
        name = name.strip();
        if (name.toUpperCase(Locale.ROOT).endsWith("@ENRON")) {
            name = name.substring(0, name.length() - "@ENRON".length()).strip();
        }
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1).strip();
        }
        if (name.isEmpty() || name.indexOf('@') >= 0 || name.indexOf('/') >= 0 || name.length() > 200) {
            return null;
        }
        return name;
    }

    /** The best text of the message: the first inline text/plain part, else the first HTML part as text. */
    private String body(MimeMessage m) {
        try {
            Part plain = find(m, "text/plain", 0);
            if (plain != null) {
                return text(plain);
            }
            Part html = find(m, "text/html", 0);
            if (html != null) {
                String h = text(html);
                return h == null ? null : Jsoup.parse(h).text();
            }
        } catch (MessagingException | IOException | RuntimeException e) {
            // A body we cannot decode does not make the message useless: sender, recipients and date remain.
        }
        return null;
    }

    private static Part find(Part p, String type, int depth) throws MessagingException, IOException {
        if (depth > MAX_DEPTH) {
            return null;
        }
        if (p.isMimeType("multipart/*")) {
            Multipart mp;
            int count;
            try {
                Object content = p.getContent();
                if (!(content instanceof Multipart)) {
                    return type.equals("text/plain") ? p : null;
                }
                mp = (Multipart) content;
                count = mp.getCount();
            } catch (MessagingException | IOException e) {
                // Broken structure (no start boundary, no boundary parameter): its raw text is still the best we have.
                return type.equals("text/plain") ? p : null;
            }
            for (int i = 0; i < count; i++) {
                Part found = find(mp.getBodyPart(i), type, depth + 1);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (p.isMimeType("message/rfc822")) {
            Object content = p.getContent();
            return content instanceof Part inner ? find(inner, type, depth + 1) : null;
        }
        if (p.isMimeType(type) && !isAttachment(p)) {
            return p;
        }
        // A part with no usable Content-Type ("text" without subtype) is plain text by RFC 2045's default.
        if (type.equals("text/plain") && depth == 0 && !p.isMimeType("text/*") && hasBrokenContentType(p)) {
            return p;
        }
        return null;
    }

    private static boolean isAttachment(Part p) {
        try {
            return Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition());
        } catch (MessagingException | RuntimeException e) {
            return false;
        }
    }

    private static boolean hasBrokenContentType(Part p) {
        try {
            String ct = p.getContentType();
            if (ct == null) {
                return true;
            }
            new ContentType(ct);
            return false;
        } catch (jakarta.mail.internet.ParseException e) {
            return true;
        } catch (MessagingException | RuntimeException e) {
            return true;
        }
    }

    private String text(Part p) throws MessagingException {
        byte[] bytes;
        boolean multipartFallback = p.isMimeType("multipart/*");
        try (InputStream in = multipartFallback && p instanceof MimePart mp ? rawStream(mp) : decodedStream(p)) {
            bytes = readLimited(in);
        } catch (IOException e) {
            return null;
        }
        return decode(bytes, charsetOf(p));
    }

    private InputStream decodedStream(Part p) throws MessagingException, IOException {
        // A text part is decoded here as MimeUtility.decode would, with the provider found once (the library looks it
        // up through ServiceLoader for every part, even for 7bit text, where it hands the stream back unchanged);
        // anything else keeps the library's own path.
        if (p instanceof MimePart mp && p.isMimeType("text/*")) {
            String encoding = mp.getEncoding();
            if (encoding == null || "7bit".equalsIgnoreCase(encoding) || "8bit".equalsIgnoreCase(encoding)
                    || "binary".equalsIgnoreCase(encoding)) {
                return rawStream(mp);
            }
            if ("base64".equalsIgnoreCase(encoding)) {
                return streams.inputBase64(rawStream(mp));
            }
            if ("quoted-printable".equalsIgnoreCase(encoding)) {
                return streams.inputQP(rawStream(mp));
            }
        }
        try {
            return p.getInputStream();
        } catch (MessagingException | IOException e) {
            // Unknown Content-Transfer-Encoding: the raw bytes are usually readable text anyway.
            if (p instanceof MimePart mp) {
                return rawStream(mp);
            }
            throw e;
        }
    }

    private static InputStream rawStream(MimePart p) throws MessagingException {
        if (p instanceof MimeMessage mm) {
            return mm.getRawInputStream();
        }
        if (p instanceof jakarta.mail.internet.MimeBodyPart bp) {
            return bp.getRawInputStream();
        }
        throw new MessagingException("no raw content");
    }

    /** Reads at most {@link #MAX_TEXT_BYTES}; a stream that breaks (bad base64) yields what was read before. */
    private static byte[] readLimited(InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while (out.size() < MAX_TEXT_BYTES && (n = in.read(buf, 0, Math.min(buf.length, MAX_TEXT_BYTES - out.size()))) > 0) {
                out.write(buf, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            // keep the part that decoded
        }
        return out.toByteArray();
    }

    private static String charsetOf(Part p) {
        try {
            String ct = p.getContentType();
            return ct == null ? null : new ContentType(ct).getParameter("charset");
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Text in its declared charset. Without one, or with one Java does not know ("unknown-8bit", typos),
     * or with "us-ascii" on 8-bit text: UTF-8 if the bytes are valid UTF-8, else windows-1252, which maps
     * every byte and is what such mail almost always is.
     */
    static String decode(byte[] bytes, String declared) {
        Charset cs = lookup(declared);
        if (cs != null && !(cs.equals(StandardCharsets.US_ASCII) && !isAscii(bytes))) {
            return new String(bytes, cs);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, WINDOWS_1252);
        }
    }

    private static Charset lookup(String declared) {
        if (declared == null || declared.isBlank()) {
            return null;
        }
        try {
            return Charset.forName(MimeUtility.javaCharset(declared.trim()));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** A message saved from an mbox may still start with its "From sender date" envelope line; it is not a header. */
    static int envelopeLineEnd(byte[] raw) {
        if (raw.length >= 5 && raw[0] == 'F' && raw[1] == 'r' && raw[2] == 'o' && raw[3] == 'm' && raw[4] == ' ') {
            for (int i = 5; i < raw.length; i++) {
                if (raw[i] == '\n') {
                    return i + 1;
                }
            }
            return raw.length;
        }
        return 0;
    }

    private static String describe(Exception e) {
        String msg = e.getMessage();
        return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg;
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    /** For tests: the address list as the importer splits it. */
    static List<Party> splitAddresses(String header) {
        return AddressList.parties(header);
    }
}
