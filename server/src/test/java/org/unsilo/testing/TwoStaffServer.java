package org.unsilo.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One server for a whole test class, with two staff members, Alice and Bob (alice@ and bob@unsilo.test), each with an
 * API token: {@code @RegisterExtension static final TwoStaffServer TEAM = new TwoStaffServer();}.
 */
public final class TwoStaffServer implements BeforeAllCallback, AfterAllCallback {

    private TestServer server;
    private TestServer.Staff alice;
    private TestServer.Staff bob;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = TestServer.start();
        alice = server.staff("alice@unsilo.test", "Alice Staff");
        bob = server.staff("bob@unsilo.test", "Bob Staff");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.close();
    }

    public TestServer server() {
        return server;
    }

    public TestServer.Staff alice() {
        return alice;
    }

    public TestServer.Staff bob() {
        return bob;
    }
}
