package org.unsilo.testing;

import com.nimbusds.jose.jwk.RSAKey;
import java.util.HashMap;
import java.util.Map;

/**
 * A server with the Gmail add-on on, the {@link GoogleStub} it trusts (serving the public half of {@code key}) and an
 * {@link AddOnClient} that plays Google, for tests of the add-on's endpoints. {@code settings} add to (or override)
 * the add-on's own.
 */
public record AddOnServer(RSAKey key, GoogleStub google, TestServer server, AddOnClient client) implements AutoCloseable {

    public static AddOnServer start(Map<String, String> settings) {
        RSAKey key = AddOnClient.newKey("google-key-1");
        GoogleStub google = new GoogleStub(key, AddOnClient.USER_OAUTH_TOKEN, AddOnClient.MESSAGE_TOKEN);
        Map<String, String> all = new HashMap<>(AddOnClient.settings(google, "unsilo.test"));
        all.putAll(settings);
        TestServer server = TestServer.start(all);
        return new AddOnServer(key, google, server, new AddOnClient(key, server));
    }

    @Override
    public void close() {
        server.close();
        google.close();
    }
}
