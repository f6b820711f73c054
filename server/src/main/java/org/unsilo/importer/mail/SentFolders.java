package org.unsilo.importer.mail;

import java.util.Locale;
import java.util.Set;

/**
 * Which folders hold what an owner sent: CMU's {@code sent}, {@code sent_items}, {@code _sent_mail},
 * {@code _sent}; Maildir++ {@code .Sent}, {@code .INBOX.Sent Items}; mbox files {@code Sent}, {@code Sent.mbox},
 * {@code Sent Mail.mbox}; and the usual localised names of Outlook, Thunderbird and Apple Mail.
 */
final class SentFolders {

    private static final Set<String> NAMES = Set.of(
            "sent", "sent items", "sent mail", "sent messages", "sent email", "sent e mail",
            "gesendet", "gesendete objekte", "gesendete elemente", "gesendete nachrichten",
            "elements envoyes", "éléments envoyés", "envoyes", "envoyés", "messages envoyes", "messages envoyés",
            "elementos enviados", "enviados", "mensajes enviados", "posta inviata", "inviati", "elementi inviati",
            "verzonden items", "verzonden", "skickat", "skickade objekt", "sendt", "sendte elementer", "lähetetyt");

    private SentFolders() {
    }

    /** True when a folder on the path of this message file (relative to the owner's folder) is a sent folder. */
    static boolean isSentFile(String relativeToOwner, boolean fileIsMailbox) {
        String[] parts = relativeToOwner.split("/");
        int folders = fileIsMailbox ? parts.length : parts.length - 1;
        for (int i = 0; i < folders; i++) {
            // Maildir++ writes nested folders as one directory ".INBOX.Sent": every dot-separated piece counts.
            for (String piece : parts[i].split("\\.")) {
                if (isSentName(piece)) {
                    return true;
                }
            }
            if (isSentName(parts[i])) {
                return true;
            }
        }
        return false;
    }

    static boolean isSentName(String folder) {
        String n = folder.toLowerCase(Locale.ROOT);
        for (String ext : new String[] {".mbox", ".mbx", ".sbd"}) {
            if (n.endsWith(ext)) {
                n = n.substring(0, n.length() - ext.length());
            }
        }
        n = n.replace('_', ' ').replace('-', ' ').strip();
        n = n.replaceAll("\\s+", " ");
        return NAMES.contains(n);
    }

    /** The sent folder a file is in, as a key for counting per folder (its folder path, or the mbox file). */
    static String folderOf(String relativeToOwner, boolean fileIsMailbox) {
        if (fileIsMailbox) {
            return relativeToOwner;
        }
        int slash = relativeToOwner.lastIndexOf('/');
        return slash < 0 ? "" : relativeToOwner.substring(0, slash);
    }
}
