package org.unsilo.importer.mail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;

/**
 * How the messages of an archive are stored. {@link #MAILDIR} covers CMU-style trees (files {@code 1.},
 * {@code 2.}… at any depth) and Maildir++ ({@code cur/} and {@code new/} folders); {@link #MBOX} files hold
 * many messages separated by "From " lines; {@link #EML} is one message per file.
 */
public enum MailFormat {
    MAILDIR, MBOX, EML;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MailFormat parse(String s) {
        for (MailFormat f : values()) {
            if (f.wireName().equalsIgnoreCase(s.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown mail format '" + s + "' (maildir, mbox or eml)");
    }

    /**
     * Tells the format from what is there: a file is an mbox when it starts with a "From " line, else one
     * message; a directory is a maildir when it has numbered files or cur/new folders anywhere, else a folder
     * of .eml files, else a folder of mbox files. Empty when nothing in it looks like mail.
     */
    public static java.util.Optional<MailFormat> detect(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return java.util.Optional.of(startsWithFromLine(path) ? MBOX : EML);
        }
        boolean eml = false;
        boolean mbox = false;
        Iterator<MailTree.Entry> it = MailTree.walk(path, path);
        while (it.hasNext()) {
            MailTree.Entry e = it.next();
            if (MailTree.isMaildirMessage(e.path())) {
                return java.util.Optional.of(MAILDIR);
            }
            String name = e.path().getFileName().toString().toLowerCase(Locale.ROOT);
            eml |= name.endsWith(".eml");
            if (!eml && !mbox) {
                mbox = startsWithFromLine(e.path());
            }
        }
        return eml ? java.util.Optional.of(EML) : mbox ? java.util.Optional.of(MBOX) : java.util.Optional.empty();
    }

    /** mbox files begin with the envelope line "From sender date"; a message file begins with a header. */
    static boolean startsWithFromLine(Path file) {
        byte[] head = new byte[5];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, 5);
            return n == 5 && head[0] == 'F' && head[1] == 'r' && head[2] == 'o' && head[3] == 'm' && head[4] == ' ';
        } catch (IOException e) {
            return false;
        }
    }
}
