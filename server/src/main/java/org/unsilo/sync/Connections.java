package org.unsilo.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.unsilo.store.ConnectionDao;
import org.unsilo.store.ConnectionRow;
import org.unsilo.store.Database;
import org.unsilo.store.SyncHealthRow;
import org.unsilo.store.SyncRoundRow;

/** Users' mailbox connections: created with an encrypted refresh token, listed, tuned, removed. */
public final class Connections {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    private final Database db;
    private final TokenCipher cipher;
    private final Clock clock;

    public Connections(Database db, TokenCipher cipher, Clock clock) {
        this.db = db;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** Creates the user's connection to {@code provider}, or gives the existing one this new refresh token. */
    public ConnectionRow connect(long userId, Provider provider, String refreshToken) {
        long now = clock.millis();
        return db.write(h -> {
            ConnectionDao dao = h.attach(ConnectionDao.class);
            dao.insertIfAbsent(userId, provider.wireName(), now);
            ConnectionRow row = dao.find(userId, provider.wireName()).orElseThrow();
            dao.grant(row.id(), cipher.encrypt(refreshToken, aad(row)), now);
            return dao.findById(row.id()).orElseThrow();
        });
    }

    /** The connection's refresh token, decrypted; empty when it has none (broken, or never granted). */
    public Optional<String> refreshToken(ConnectionRow row) {
        return Optional.ofNullable(row.refreshToken()).map(t -> cipher.decrypt(t, aad(row)));
    }

    /** Stores a token the provider handed out in a refresh; also how old-key values get the current key. */
    public void replaceToken(ConnectionRow row, String refreshToken) {
        db.write(h -> h.attach(ConnectionDao.class).replaceToken(row.id(), cipher.encrypt(refreshToken, aad(row)), clock.millis()));
    }

    public boolean needsReencryption(ConnectionRow row) {
        return row.refreshToken() != null && cipher.isStale(row.refreshToken());
    }

    public Optional<ConnectionRow> find(long id) {
        return db.read(h -> h.attach(ConnectionDao.class).findById(id));
    }

    public Optional<ConnectionRow> find(long userId, Provider provider) {
        return db.read(h -> h.attach(ConnectionDao.class).find(userId, provider.wireName()));
    }

    public List<ConnectionRow> forUser(long userId) {
        return db.read(h -> h.attach(ConnectionDao.class).forUser(userId));
    }

    public List<ConnectionRow> all() {
        return db.read(h -> h.attach(ConnectionDao.class).all());
    }

    /** Aggregated in SQL: a scrape of /metrics reads no connection rows (nor their encrypted tokens). */
    public SyncHealthRow health() {
        return db.read(h -> h.attach(ConnectionDao.class).health());
    }

    public List<SyncRoundRow> rounds(long connectionId, int limit) {
        return db.read(h -> h.attach(ConnectionDao.class).rounds(connectionId, limit));
    }

    /** Deletes the connection with its token, cursors and rounds. */
    public boolean delete(long id) {
        return db.write(h -> h.attach(ConnectionDao.class).delete(id)) > 0;
    }

    public void setFolders(long id, List<String> folders) {
        db.write(h -> h.attach(ConnectionDao.class).setFolders(id, json(folders), clock.millis()));
    }

    /** The folders or labels to read: the user's choice, else the provider's default (Inbox and Sent). */
    public static List<String> folders(ConnectionRow row) {
        List<String> chosen = strings(row.folders());
        return chosen.isEmpty() ? Provider.fromWire(row.provider()).defaultFolders() : chosen;
    }

    /** The user's own choice only (empty: the provider's default applies). */
    public static List<String> foldersChosen(ConnectionRow row) {
        return strings(row.folders());
    }

    /** Binds a ciphertext to its row: it decrypts only as this user's token for this provider. */
    private static String aad(ConnectionRow row) {
        return "mailbox_connection:" + row.userId() + ":" + row.provider();
    }

    private static List<String> strings(String json) {
        try {
            return json == null ? List.of() : JSON.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored list is not JSON: " + json, e);
        }
    }

    private static String json(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
