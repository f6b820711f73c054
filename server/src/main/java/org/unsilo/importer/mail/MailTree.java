package org.unsilo.importer.mail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * Walks a mail tree in one fixed order (each folder's entries sorted by name, numbers compared as numbers,
 * so {@code 2.} comes before {@code 10.}), lazily: a position in the walk means the same file on every
 * run, which is what makes a checkpoint meaningful, and a huge tree is never listed in memory at once
 * (only the folders on the current path).
 */
final class MailTree {

    /** A regular file and its path relative to the import root, with '/' separators. */
    record Entry(Path path, String relative) {
    }

    private MailTree() {
    }

    /** Regular files under {@code dir} (or {@code dir} itself if it is a file), relative to {@code base}. */
    static Iterator<Entry> walk(Path dir, Path base) {
        return new Walker(dir, base);
    }

    /** CMU (Enron) message files are named {@code 1.}, {@code 2.}… (MH uses plain numbers); Maildir++ keeps them in cur/new. */
    static boolean isMaildirMessage(Path file) {
        String name = file.getFileName().toString();
        if (name.startsWith(".")) {
            return false;
        }
        Path parent = file.getParent();
        String folder = parent == null || parent.getFileName() == null ? "" : parent.getFileName().toString();
        if (folder.equals("cur") || folder.equals("new")) {
            return true;
        }
        int digits = 0;
        while (digits < name.length() && Character.isDigit(name.charAt(digits))) {
            digits++;
        }
        return digits > 0 && (digits == name.length() || (digits == name.length() - 1 && name.charAt(digits) == '.'));
    }

    /** Names in natural order: runs of digits compare by value, the rest character by character. */
    static final Comparator<String> NATURAL = MailTree::compareNatural;

    static int compareNatural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                String na = stripZeros(a.substring(si, i));
                String nb = stripZeros(b.substring(sj, j));
                if (na.length() != nb.length()) {
                    return Integer.compare(na.length(), nb.length());
                }
                int c = na.compareTo(nb);
                if (c != 0) {
                    return c;
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    }

    /** Compares two relative paths in walk order (component by component, naturally). */
    static int compareRelative(String a, String b) {
        String[] pa = a.split("/");
        String[] pb = b.split("/");
        for (int k = 0; k < Math.min(pa.length, pb.length); k++) {
            int c = compareNatural(pa[k], pb[k]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pa.length, pb.length);
    }

    private static String stripZeros(String digits) {
        int k = 0;
        while (k < digits.length() - 1 && digits.charAt(k) == '0') {
            k++;
        }
        return digits.substring(k);
    }

    static String relative(Path base, Path file) {
        Path rel = base.relativize(file);
        String s = rel.toString().replace(java.io.File.separatorChar, '/');
        return s.isEmpty() ? file.getFileName().toString() : s;
    }

    private record Named(String name, Path path) {
    }

    private static final class Walker implements Iterator<Entry> {
        private final Path base;
        private final Deque<Iterator<Path>> stack = new ArrayDeque<>();
        private Entry next;

        Walker(Path start, Path base) {
            this.base = base;
            if (Files.isRegularFile(start)) {
                next = new Entry(start, start.equals(base) ? start.getFileName().toString() : relative(base, start));
            } else {
                stack.push(children(start));
            }
        }

        private static Iterator<Path> children(Path dir) {
            try (Stream<Path> s = Files.list(dir)) {
                // Each name taken once, not in every comparison: a mail folder holds thousands of files.
                return s.map(p -> new Named(p.getFileName().toString(), p))
                        .sorted(Comparator.comparing(Named::name, NATURAL)).map(Named::path).toList().iterator();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
            }
        }

        @Override
        public boolean hasNext() {
            while (next == null && !stack.isEmpty()) {
                Iterator<Path> top = stack.peek();
                if (!top.hasNext()) {
                    stack.pop();
                    continue;
                }
                Path p = top.next();
                if (Files.isDirectory(p)) {
                    stack.push(children(p));
                } else if (Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")) {
                    next = new Entry(p, relative(base, p));
                }
            }
            return next != null;
        }

        @Override
        public Entry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Entry e = next;
            next = null;
            return e;
        }
    }
}
