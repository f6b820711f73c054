package org.unsilo.store;

/** The database was last used by a newer version of Unsilo, whose tables this version does not know. */
public final class NewerSchemaException extends StoreException {

    NewerSchemaException(int found, int known) {
        super("the database was last used by a newer version of Unsilo (schema version " + found + "; this version knows"
                + " versions up to " + known + "): run that version again, or restore a backup made with this one"
                + " (unsilo restore)", null);
    }
}
