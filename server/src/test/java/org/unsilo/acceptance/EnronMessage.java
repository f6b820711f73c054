package org.unsilo.acceptance;

import static org.junit.jupiter.api.Assertions.fail;

import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.unsilo.capture.Capture;
import org.unsilo.capture.Party;

/**
 * One file of the Enron maildir, read with Jakarta Mail the way an importer would, and turned into a
 * {@link Capture}. Only this test's own reading is used for the expected facts ({@link #contentKey()}).
 */
record EnronMessage(String path, String owner, String messageId, InternetAddress from, List<InternetAddress> to,
                    List<InternetAddress> cc, Instant sentAt, String subject, String body, Map<String, String> headers) {

    /** No properties: the defaults, as an importer would run them. */
    private static final Session SESSION = Session.getInstance(new Properties());

    static EnronMessage parse(String path, byte[] raw) {
        try {
            MimeMessage m = read(path, raw);
            return new EnronMessage(path, owner(path), m.getMessageID(), sender(m, path), addresses(m, "To", path),
                    addresses(m, "Cc", path), m.getSentDate().toInstant(), m.getSubject(), text(m, path), headers(m));
        } catch (MessagingException | IOException e) {
            return fail(path + ": cannot parse as a MIME message: " + e, e);
        }
    }

    /** {@link #contentKey()} without the body, which is not decoded: enough to find candidate copies in the whole corpus. */
    static ContentKey headerKey(String path, byte[] raw) {
        try {
            MimeMessage m = read(path, raw);
            return ContentKey.of(lower(sender(m, path)), addresses(m, "To", path).stream().map(EnronMessage::lower).toList(),
                    addresses(m, "Cc", path).stream().map(EnronMessage::lower).toList(), m.getSentDate().toInstant(),
                    m.getSubject(), null).withoutBody();
        } catch (MessagingException e) {
            return fail(path + ": cannot parse as a MIME message: " + e, e);
        }
    }

    private static MimeMessage read(String path, byte[] raw) throws MessagingException {
        MimeMessage m = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
        if (m.getSentDate() == null) {
            fail(path + ": no parsable Date header");
        }
        return m;
    }

    private static InternetAddress sender(MimeMessage m, String path) throws MessagingException {
        List<InternetAddress> from = addresses(m, "From", path);
        if (from.size() != 1) {
            fail(path + ": expected one From address, found " + from);
        }
        return from.get(0);
    }

    /** {@code maildir/allen-p/_sent_mail/1.} → {@code allen-p}. */
    static String owner(String path) {
        String[] parts = path.split("/");
        return parts.length > 1 ? parts[1] : "";
    }

    /**
     * Address headers are parsed leniently: {@code MimeMessage.getRecipients} parses strictly and throws
     * on real Enron addresses such as {@code k..allen@enron.com}, which would lose whole messages.
     */
    private static List<InternetAddress> addresses(MimeMessage m, String header, String path) throws MessagingException {
        String value = m.getHeader(header, ",");
        if (value == null || value.isBlank()) {
            return List.of();
        }
        try {
            return List.of(InternetAddress.parseHeader(MimeUtility.unfold(value), false));
        } catch (AddressException e) {
            return fail(path + ": unparsable " + header + " header: " + value, e);
        }
    }

    private static String text(MimeMessage m, String path) throws MessagingException, IOException {
        Object content = m.getContent();
        if (content instanceof String s) {
            return s;
        }
        // CMU removed all attachments, so every message is a single text part.
        return fail(path + ": expected a single text part, got " + m.getContentType());
    }

    private static Map<String, String> headers(MimeMessage m) throws MessagingException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Header h : Collections.list(m.getAllHeaders())) {
            out.putIfAbsent(h.getName(), h.getValue() == null ? "" : h.getValue());
        }
        return out;
    }

    Capture toCapture(long capturedBy) {
        return new Capture(Capture.Source.IMPORT, capturedBy, messageId, null, null, subject, sentAt,
                party(from), to.stream().map(EnronMessage::party).toList(), cc.stream().map(EnronMessage::party).toList(),
                body, null, headers, false);
    }

    private static Party party(InternetAddress a) {
        return Party.of(a.getAddress(), a.getPersonal());
    }

    /** Every address on the message (From, To, Cc), lower-cased. */
    List<String> addresses() {
        List<String> all = new ArrayList<>();
        all.add(lower(from));
        to.forEach(a -> all.add(lower(a)));
        cc.forEach(a -> all.add(lower(a)));
        return all;
    }

    /** The content identity of a mail, computed independently of the server (DESIGN.md §5.5). */
    ContentKey contentKey() {
        return ContentKey.of(lower(from), to.stream().map(EnronMessage::lower).toList(),
                cc.stream().map(EnronMessage::lower).toList(), sentAt, subject, body);
    }

    static String lower(InternetAddress a) {
        return a.getAddress() == null ? "" : a.getAddress().toLowerCase(Locale.ROOT);
    }
}
