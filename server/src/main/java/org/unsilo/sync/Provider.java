package org.unsilo.sync;

import java.util.List;
import org.unsilo.config.SyncConfig;

/** A mail provider a user can connect, with the least scopes sync needs and the folders it reads by default. */
public enum Provider {
    // Mail.ReadBasic: headers and recipients without bodies; Contacts.Read: the user's address book; offline_access:
    // a refresh token, so sync runs without the user.
    MICROSOFT("microsoft", List.of("offline_access", "https://graph.microsoft.com/Mail.ReadBasic",
            "https://graph.microsoft.com/Contacts.Read"), List.of("inbox", "sentitems")),
    // gmail.metadata: labels and headers, never bodies; contacts.readonly and contacts.other.readonly: the address
    // book and the "other contacts" Gmail keeps for everyone mailed.
    GOOGLE("google", List.of("https://www.googleapis.com/auth/gmail.metadata",
            "https://www.googleapis.com/auth/contacts.readonly",
            "https://www.googleapis.com/auth/contacts.other.readonly"), List.of("INBOX", "SENT"));

    private final String wireName;
    private final List<String> scopes;
    private final List<String> defaultFolders;

    Provider(String wireName, List<String> scopes, List<String> defaultFolders) {
        this.wireName = wireName;
        this.scopes = scopes;
        this.defaultFolders = defaultFolders;
    }

    public String wireName() {
        return wireName;
    }

    public List<String> scopes() {
        return scopes;
    }

    public List<String> defaultFolders() {
        return defaultFolders;
    }

    public String authorizeUrl(SyncConfig c) {
        return this == MICROSOFT ? c.microsoftAuthorizeUrl() : c.googleAuthorizeUrl();
    }

    public String tokenUrl(SyncConfig c) {
        return this == MICROSOFT ? c.microsoftTokenUrl() : c.googleTokenUrl();
    }

    public String clientId(SyncConfig c) {
        return this == MICROSOFT ? c.microsoftClientId() : c.googleClientId();
    }

    public String clientSecret(SyncConfig c) {
        return this == MICROSOFT ? c.microsoftClientSecret() : c.googleClientSecret();
    }

    /** Null when {@code name} is no provider. */
    public static Provider fromWire(String name) {
        for (Provider p : values()) {
            if (p.wireName.equals(name)) {
                return p;
            }
        }
        return null;
    }
}
