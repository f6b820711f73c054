package org.unsilo.importer.mail;

/**
 * One unit of an import, in walk order: a message's bytes, or why its file could not be read.
 *
 * @param index       position in the whole import (0-based), the same on every run
 * @param key         where it is, for the issue list: the relative path, or "mbox-path @ byte N"
 * @param file        the relative path of its file (what a checkpoint records)
 * @param owner       which owner root it came from (index into the import's owners)
 * @param firstInFile the first item taken from its file in this walk (counts the file as read)
 * @param nextOffset  for an mbox message, where the next message of the file starts; -1 for one-message files
 */
record MailItem(long index, String key, String file, int owner, boolean firstInFile, long nextOffset, byte[] raw,
                String errorCategory, String error) {

    boolean readable() {
        return raw != null;
    }
}
