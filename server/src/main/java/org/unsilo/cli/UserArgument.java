package org.unsilo.cli;

import org.unsilo.App;
import org.unsilo.store.UserRow;

/** The staff member a command's {@code --email} option names. */
final class UserArgument {

    private UserArgument() {
    }

    /** The user with this address; a command-line error (not a stack trace) when there is none. */
    static UserRow find(App app, String email) {
        return app.users().findByEmail(email).orElseThrow(() -> new CliException("no user with address " + email));
    }
}
