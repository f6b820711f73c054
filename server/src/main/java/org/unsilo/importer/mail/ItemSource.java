package org.unsilo.importer.mail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/**
 * The items of an import in their fixed order: owners in the given order, within each the files of
 * {@link MailTree}'s walk, within an mbox its messages by offset. Streams: one message (or one file) at a
 * time. Resuming from a {@link Checkpoint} skips whole files by name without reading them, and seeks into
 * the mbox the checkpoint stopped in.
 */
final class ItemSource implements Iterator<MailItem>, AutoCloseable {

    /** A folder (or file) whose messages belong to one owner; {@code base} is what relative paths are relative to. */
    record Root(Path path, Path base) {
    }

    private final List<Root> roots;
    private final MailFormat format;
    private final boolean everyFile;
    private final int maxMessageBytes;
    private final Predicate<String> fileFilter;
    private Checkpoint resume;

    private int rootIndex = -1;
    private Iterator<MailTree.Entry> files;
    private MboxReader mbox;
    private String mboxFile;
    private boolean mboxFirst;
    private long index;
    private MailItem next;
    private long ignoredFiles;

    /**
     * @param everyFile  with an explicit {@code --format eml}, every file is a message (not only *.eml)
     * @param fileFilter which relative file paths to take (learning reads sent folders only)
     */
    ItemSource(List<Root> roots, MailFormat format, boolean everyFile, int maxMessageBytes, Checkpoint resume,
               Predicate<String> fileFilter) {
        this.roots = roots;
        this.format = format;
        this.everyFile = everyFile;
        this.maxMessageBytes = maxMessageBytes;
        this.resume = resume == null || resume.isStart() ? null : resume;
        this.index = resume == null ? 0 : resume.next();
        this.fileFilter = fileFilter;
    }

    /** Files in the tree that are not messages of the format (index files, .msf, notes), left alone. */
    long ignoredFiles() {
        return ignoredFiles;
    }

    @Override
    public boolean hasNext() {
        try {
            while (next == null) {
                if (mbox != null) {
                    MboxReader.Message m = mbox.next();
                    if (m != null) {
                        next = mboxItem(m);
                        mboxFirst = false;
                        continue;
                    }
                    mbox.close();
                    mbox = null;
                }
                MailTree.Entry e = nextFile();
                if (e == null) {
                    if (resume != null) {
                        throw new MailImportException("the file " + resume.file() + " recorded in the checkpoint is no "
                                + "longer there: the source changed since the interrupted run");
                    }
                    return false;
                }
                if (resume != null) {
                    int c = MailTree.compareRelative(e.relative(), resume.file());
                    if (c < 0) {
                        continue;
                    }
                    if (c > 0) {
                        throw new MailImportException("the file " + resume.file() + " recorded in the checkpoint is no "
                                + "longer there: the source changed since the interrupted run");
                    }
                    Checkpoint cp = resume;
                    resume = null;
                    if (cp.offset() >= 0) {
                        openMbox(e, cp.offset());
                        if (mbox != null && !mbox.atMessageBoundary()) {
                            throw new MailImportException("no message starts at byte " + cp.offset() + " of " + e.relative()
                                    + " where the checkpoint says the next one does: the mbox changed since the interrupted run");
                        }
                        mboxFirst = false;
                    }
                    continue;
                }
                if (format == MailFormat.MBOX) {
                    openMbox(e, 0);
                    mboxFirst = true;
                } else {
                    next = fileItem(e);
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public MailItem next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        MailItem item = next;
        next = null;
        return item;
    }

    /** The owner root of the item returned last. */
    int currentRoot() {
        return rootIndex;
    }

    private MailTree.Entry nextFile() {
        while (true) {
            if (files == null || !files.hasNext()) {
                if (rootIndex + 1 >= roots.size()) {
                    return null;
                }
                rootIndex++;
                Root r = roots.get(rootIndex);
                files = MailTree.walk(r.path(), r.base());
                continue;
            }
            MailTree.Entry e = files.next();
            if (!isMessageFile(e.path(), roots.get(rootIndex))) {
                ignoredFiles++;
                continue;
            }
            if (fileFilter != null && !fileFilter.test(e.relative())) {
                continue;
            }
            return e;
        }
    }

    private boolean isMessageFile(Path p, Root root) {
        return isMessageFile(p, root, format, everyFile);
    }

    static boolean isMessageFile(Path p, Root root, MailFormat format, boolean everyFile) {
        switch (format) {
            case MAILDIR:
                return MailTree.isMaildirMessage(p);
            case EML:
                return everyFile || p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".eml") || p.equals(root.path());
            case MBOX:
                return p.equals(root.path()) || MailFormat.startsWithFromLine(p);
            default:
                return false;
        }
    }

    /** How many items the roots hold (for the progress bar): files, or messages in mbox files (one quick scan). */
    static long countItems(List<Root> roots, MailFormat format, boolean everyFile) {
        long n = 0;
        for (Root r : roots) {
            Iterator<MailTree.Entry> it = MailTree.walk(r.path(), r.base());
            while (it.hasNext()) {
                MailTree.Entry e = it.next();
                if (!isMessageFile(e.path(), r, format, everyFile)) {
                    continue;
                }
                if (format != MailFormat.MBOX) {
                    n++;
                    continue;
                }
                try (MboxReader reader = new MboxReader(e.path(), 0, 0)) {
                    while (reader.next() != null) {
                        n++;
                    }
                } catch (IOException ex) {
                    n++;
                }
            }
        }
        return n;
    }

    private void openMbox(MailTree.Entry e, long offset) {
        mboxFile = e.relative();
        try {
            mbox = new MboxReader(e.path(), offset, maxMessageBytes);
        } catch (IOException ex) {
            mbox = null;
            next = new MailItem(index++, e.relative(), e.relative(), rootIndex, true, -1, null, "unreadable file",
                    "cannot open the mbox: " + ex.getMessage());
        }
    }

    private MailItem mboxItem(MboxReader.Message m) {
        String key = mboxFile + " @ byte " + m.start();
        if (m.tooLarge()) {
            return new MailItem(index++, key, mboxFile, rootIndex, mboxFirst, m.end(), null, "too large",
                    "message of " + m.size() + " bytes is larger than the limit of " + maxMessageBytes + " bytes");
        }
        return new MailItem(index++, key, mboxFile, rootIndex, mboxFirst, m.end(), m.raw(), null, null);
    }

    private MailItem fileItem(MailTree.Entry e) {
        String rel = e.relative();
        try {
            long size = Files.size(e.path());
            if (size > maxMessageBytes) {
                return new MailItem(index++, rel, rel, rootIndex, true, -1, null, "too large",
                        "message of " + size + " bytes is larger than the limit of " + maxMessageBytes + " bytes");
            }
            return new MailItem(index++, rel, rel, rootIndex, true, -1, Files.readAllBytes(e.path()), null, null);
        } catch (IOException ex) {
            return new MailItem(index++, rel, rel, rootIndex, true, -1, null, "unreadable file",
                    "cannot read the file: " + ex.getMessage());
        }
    }

    @Override
    public void close() {
        if (mbox != null) {
            try {
                mbox.close();
            } catch (IOException e) {
                // nothing was written through it
            }
            mbox = null;
        }
    }
}
