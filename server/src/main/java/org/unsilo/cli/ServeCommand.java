package org.unsilo.cli;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.unsilo.App;
import org.unsilo.auth.ApiTokens;
import org.unsilo.common.Causes;
import org.unsilo.config.Config;
import org.unsilo.config.ConfigLoader;
import org.unsilo.demo.DemoGenerator;
import org.unsilo.http.ListeningSocket;
import org.unsilo.store.UserRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the server.")
final class ServeCommand implements Runnable {

    @Mixin
    StoreOptions store;

    @Option(names = "--port", description = "Port to listen on (default 8080, or UNSILO_PORT).")
    Integer port;

    @Option(names = "--bind", description = "Address to bind (default 127.0.0.1, or UNSILO_BIND).")
    String bind;

    @Option(names = "--admin-email", defaultValue = "admin@unsilo.local",
            description = "Address of the first admin, created when the database has no users (default ${DEFAULT-VALUE}).")
    String adminEmail;

    @Option(names = "--demo", description = "On an empty database, first fill it with the demo data of 'unsilo demo' "
            + "(its default sizes) and print its admin's sign-in; a database with data is left as it is.")
    boolean demo;

    @Override
    public void run() {
        Map<String, String> overrides = new HashMap<>();
        if (port != null) {
            overrides.put(ConfigLoader.PORT, port.toString());
        }
        if (bind != null) {
            overrides.put(ConfigLoader.BIND, bind);
        }
        // Listen first, before the database is opened: if the port cannot be had nothing has been written, and the
        // next start still creates the admin.
        ListeningSocket socket = listen(store.load(overrides));
        // With port 0, what is derived from the port (the default public URL and CORS origin) is that of the port the
        // system picked, as if it had been asked for; a configured public URL stays as it is.
        overrides.put(ConfigLoader.PORT, Integer.toString(socket.port()));
        Config config = store.load(overrides);
        App app = start(config, socket);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "unsilo-shutdown"));
        String publicUrl = config.baseUrl();
        // The demo makes its own admin, so an empty database gets either that one or the first-start one.
        boolean fillDemo = demo && app.users().count() == 0;
        FirstAdmin first = fillDemo ? null : bootstrapAdmin(app);
        if (first != null) {
            ApiTokens.Issued firstToken = first.token();
            System.out.println();
            System.out.println("First start: created admin account " + first.user().email() + ".");
            System.out.println("Its personal API token is shown only now; keep it safe:");
            System.out.println();
            System.out.println("    " + firstToken.secret());
            System.out.println();
            System.out.println("Try:  curl -H 'Authorization: Bearer " + firstToken.secret() + "' " + publicUrl + "/api/v1/me");
            System.out.println();
            System.out.println("Sign in to the web view at " + publicUrl + "/login with this one-time password:");
            System.out.println();
            System.out.println("    " + first.password());
            System.out.println();
            System.out.println("Change it after signing in (Settings → Password), or with: unsilo users password --email "
                    + first.user().email() + " --password-stdin");
            System.out.println();
        }
        System.out.println("Unsilo is listening on " + (config.tls().enabled() ? "https" : "http") + "://" + config.bind() + ":" + app.port()
                + " (public URL " + publicUrl + ", database " + redact(config.dbUrl()) + ")");
        if (fillDemo) {
            // While the server already answers: the data appears as it is stored.
            System.out.println("Filling the empty database with demo data (--demo), a minute or two...");
            DemoCommand.fill(app, DemoGenerator.Options.DEFAULT);
        } else if (demo) {
            System.out.println("--demo: the database already holds data; no demo data added.");
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record FirstAdmin(UserRow user, ApiTokens.Issued token, String password) {
    }

    /** Creates the first admin and a token when the database has no users yet; null otherwise. */
    private FirstAdmin bootstrapAdmin(App app) {
        if (app.users().count() > 0) {
            return null;
        }
        UserRow admin = app.users().create(null, adminEmail, "Administrator", "admin");
        String password = app.passwords().generate();
        app.passwords().set(null, admin.id(), password);
        return new FirstAdmin(admin, app.tokens().create(admin.id(), "first start"), password);
    }

    /** The application wired for {@code config}, serving on {@code socket}; if it cannot start, all it opened is closed. */
    private static App start(Config config, ListeningSocket socket) {
        App app = null;
        try {
            app = new App(config, Clock.systemUTC());
            app.serve(socket);
            // The schema is brought up to date while the web server starts (Database.openInBackground); a failure
            // there stops the start like any other.
            app.db().awaitSchema();
            return app;
        } catch (RuntimeException e) {
            if (app != null) {
                app.close();
            }
            socket.close();
            throw e;
        }
    }

    /** The server's socket on the configured address and port, or one clear line saying why it cannot listen there. */
    private static ListeningSocket listen(Config config) {
        try {
            return ListeningSocket.open(config.bind(), config.port());
        } catch (RuntimeException e) {
            String failure = listenFailure(config.bind(), config.port(), e);
            if (failure != null) {
                throw new CliException(failure);
            }
            throw e;
        }
    }

    /**
     * What to tell the user when the server could not listen, or null for any other failure. The reason is taken from
     * the operating system's own error beneath it: a bind address that is not this machine's, or a port below 1024
     * without the right to it, must not send the user looking for another program on the port.
     */
    static String listenFailure(String bind, int port, Throwable e) {
        // The innermost: the system's own.
        Throwable cause = Causes.chain(e).stream()
                .filter(t -> t instanceof java.net.BindException || t instanceof java.nio.channels.UnresolvedAddressException)
                .reduce((outer, inner) -> inner).orElse(null);
        if (cause == null) {
            return null;
        }
        String where = "cannot listen on " + bind + ":" + port + ": ";
        String reason = String.valueOf(cause.getMessage());
        if (cause instanceof java.nio.channels.UnresolvedAddressException || reason.contains("Cannot assign requested address")) {
            return where + "'" + bind + "' is not an address of this machine; set --bind or UNSILO_BIND to one of its"
                    + " addresses, 127.0.0.1 (this machine only) or 0.0.0.0 (every network)";
        }
        if (reason.contains("Permission denied") || reason.contains("Access is denied")) {
            return where + "ports below 1024 need special rights; choose a port above 1023 with --port or UNSILO_PORT"
                    + " (and forward the low port to it), or give Java the right (setcap cap_net_bind_service)";
        }
        if (reason.contains("Address already in use")) {
            return where + "another program is using port " + port + "; choose another with --port or UNSILO_PORT";
        }
        return where + reason;
    }

    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
    }
}
