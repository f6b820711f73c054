package org.unsilo.cli;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.unsilo.App;
import org.unsilo.auth.ApiTokens;
import org.unsilo.config.Config;
import org.unsilo.config.ConfigLoader;
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

    @Override
    public void run() {
        Map<String, String> overrides = new HashMap<>();
        if (port != null) {
            overrides.put(ConfigLoader.PORT, port.toString());
        }
        if (bind != null) {
            overrides.put(ConfigLoader.BIND, bind);
        }
        Config config = store.load(overrides);
        App app = new App(config, Clock.systemUTC());
        bootstrapAdmin(app);
        app.serve();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "unsilo-shutdown"));
        System.out.println("Unsilo is listening on http://" + config.bind() + ":" + app.port()
                + " (public URL " + config.baseUrl() + ", database " + redact(config.dbUrl()) + ")");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void bootstrapAdmin(App app) {
        if (app.users().count() > 0) {
            return;
        }
        UserRow admin = app.users().create(null, adminEmail, "Administrator", "admin");
        ApiTokens.Issued token = app.tokens().create(admin.id(), "first start");
        System.out.println();
        System.out.println("First start: created admin account " + admin.email() + ".");
        System.out.println("Its personal API token is shown only now; keep it safe:");
        System.out.println();
        System.out.println("    " + token.secret());
        System.out.println();
        System.out.println("Try:  curl -H 'Authorization: Bearer " + token.secret() + "' " + app.config().baseUrl() + "/api/v1/me");
        System.out.println();
    }

    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
    }
}
