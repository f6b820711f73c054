package org.unsilo.bench;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The import's baseline: what a parse-only importer would do with the same files on one thread — read each file,
 * parse it with Angus Mail (the importer's MIME library, with the same lenient address setting) and take its
 * headers, addresses, date and text — and nothing else: no owners, de-duplication, contacts or database.
 */
final class ParseOnlyBaseline {

    /** One pass: messages parsed, characters of text taken out of them, and the time it took. */
    record Pass(int messages, long textChars, long nanos) {
        double perSecond() {
            return messages / (nanos / 1e9);
        }
    }

    private final Session session;

    ParseOnlyBaseline() {
        Properties props = new Properties();
        props.setProperty("mail.mime.address.strict", "false");
        this.session = Session.getInstance(props);
    }

    Pass run(List<Path> files) throws IOException, MessagingException {
        long t0 = System.nanoTime();
        long chars = 0;
        for (Path f : files) {
            MimeMessage m = new MimeMessage(session, new SharedByteArrayInputStream(Files.readAllBytes(f)));
            m.getFrom();
            m.getRecipients(MimeMessage.RecipientType.TO);
            m.getRecipients(MimeMessage.RecipientType.CC);
            m.getSubject();
            m.getSentDate();
            m.getMessageID();
            chars += text(m);
        }
        return new Pass(files.size(), chars, System.nanoTime() - t0);
    }

    private static long text(Part p) throws IOException, MessagingException {
        if (p.isMimeType("text/*")) {
            return p.getContent() instanceof String s ? s.length() : 0;
        }
        if (p.isMimeType("multipart/*") && p.getContent() instanceof Multipart mp) {
            long n = 0;
            for (int i = 0; i < mp.getCount(); i++) {
                n += text(mp.getBodyPart(i));
            }
            return n;
        }
        return 0;
    }
}
