package org.unsilo.importer.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailTreeTest {

    @Test
    void walksInNaturalOrderAtAnyDepthWithoutHiddenFiles() {
        Path root = Fixtures.path("cmu");
        List<String> files = new ArrayList<>();
        Iterator<MailTree.Entry> it = MailTree.walk(root, root);
        it.forEachRemaining(e -> files.add(e.relative()));
        assertThat(files).containsExactly(
                "alice-a/_sent_mail/1.", "alice-a/inbox/1.", "alice-a/inbox/2.", "alice-a/inbox/3.", "alice-a/notes.txt",
                "alice-a/sent/1.", "alice-a/sent/2.", "alice-a/sent/3.",
                "alice-a/sent_items/1.", "alice-a/sent_items/2.", "alice-a/sent_items/3.", "alice-a/sent_items/4.",
                "bob-b/_sent_mail/1.", "bob-b/_sent_mail/2.", "bob-b/all_documents/1.", "bob-b/inbox/deep/er/1.");
    }

    @Test
    void naturalOrderComparesNumbersAsNumbers() {
        List<String> names = new ArrayList<>(List.of("10.", "2.", "1.", "100.", "a", "02."));
        names.sort(MailTree.NATURAL);
        assertThat(names).containsExactly("1.", "02.", "2.", "10.", "100.", "a");
        assertThat(MailTree.compareRelative("allen-p/inbox/9.", "allen-p/inbox/10.")).isNegative();
        assertThat(MailTree.compareRelative("allen-p/inbox/10.", "allen-p/sent/1.")).isNegative();
        assertThat(MailTree.compareRelative("b/x", "b/x")).isZero();
    }

    @Test
    void recognisesMaildirMessageFiles() {
        assertThat(MailTree.isMaildirMessage(Path.of("allen-p/inbox/12."))).isTrue();
        assertThat(MailTree.isMaildirMessage(Path.of("mh/inbox/12"))).isTrue();
        assertThat(MailTree.isMaildirMessage(Path.of("box/cur/1700000000.M1P1.host:2,S"))).isTrue();
        assertThat(MailTree.isMaildirMessage(Path.of("box/new/1700000001.M2P1.host"))).isTrue();
        assertThat(MailTree.isMaildirMessage(Path.of("box/tmp/1700000002.M3P1.host"))).isFalse();
        assertThat(MailTree.isMaildirMessage(Path.of("box/dovecot-uidlist"))).isFalse();
        assertThat(MailTree.isMaildirMessage(Path.of("allen-p/notes.txt"))).isFalse();
        assertThat(MailTree.isMaildirMessage(Path.of("allen-p/12.5"))).isFalse();
    }

    @Test
    void detectsEachFormat() throws Exception {
        assertThat(MailFormat.detect(Fixtures.path("cmu"))).contains(MailFormat.MAILDIR);
        assertThat(MailFormat.detect(Fixtures.path("maildirpp"))).contains(MailFormat.MAILDIR);
        assertThat(MailFormat.detect(Fixtures.path("mbox"))).contains(MailFormat.MBOX);
        assertThat(MailFormat.detect(Fixtures.path("mbox/archive.mbox"))).contains(MailFormat.MBOX);
        assertThat(MailFormat.detect(Fixtures.path("eml"))).contains(MailFormat.EML);
        assertThat(MailFormat.detect(Fixtures.path("eml/encoded.eml"))).contains(MailFormat.EML);
        assertThat(MailFormat.detect(Fixtures.path("plain"))).isEmpty();
    }

    @Test
    void sentFolders() {
        assertThat(SentFolders.isSentFile("sent/1.", false)).isTrue();
        assertThat(SentFolders.isSentFile("sent_items/1.", false)).isTrue();
        assertThat(SentFolders.isSentFile("_sent_mail/1.", false)).isTrue();
        assertThat(SentFolders.isSentFile("_sent/1.", false)).isTrue();
        assertThat(SentFolders.isSentFile(".Sent/cur/123.M1:2,S", false)).isTrue();
        assertThat(SentFolders.isSentFile(".INBOX.Sent Items/new/123", false)).isTrue();
        assertThat(SentFolders.isSentFile("Gesendete Objekte/4.", false)).isTrue();
        assertThat(SentFolders.isSentFile("Sent Mail.mbox", true)).isTrue();
        assertThat(SentFolders.isSentFile("inbox/sent", false)).isFalse();
        assertThat(SentFolders.isSentFile("inbox/1.", false)).isFalse();
        assertThat(SentFolders.isSentFile("all_documents/1.", false)).isFalse();
        assertThat(SentFolders.isSentFile("sentiment/1.", false)).isFalse();
    }
}
