package org.unsilo.cli;

import com.google.common.io.MoreFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Map;
import org.sqlite.util.LibraryLoaderUtil;
import org.unsilo.App;
import org.unsilo.config.Config;
import org.unsilo.config.ConfigLoader;
import org.unsilo.http.ListeningSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Starts a server on a throwaway database and a free port, makes the requests of a first day (ready check, sign-in
 * page, capture, lookup), and stops. The launcher runs it once per build under {@code -XX:ArchiveClassesAtExit}, so
 * that later starts map the classes it loaded from a class-data archive instead of loading them one by one from the
 * jar: that was a third of the time to {@code /ready}. Hidden: nothing for a user to run by hand.
 */
@Command(name = "warm-up", hidden = true, mixinStandardHelpOptions = true,
        description = "Start and stop a throwaway server (used by the launcher to prepare a faster start).")
final class WarmUpCommand implements Runnable {

    private static final String CAPTURE = """
            {"source":"api","internetMessageId":"<warm-up@mail.example.com>","subject":"Warm-up",\
            "sentAt":"2026-01-01T09:00:00Z","from":"\\"Smith, John\\" <john.smith@mail.example.com>",\
            "to":[{"address":"admin@unsilo.local","name":"Admin"}],"bodyText":"Hello"}""";
    private static final String LOOKUP = "{\"addresses\":[\"john.smith@mail.example.com\",\"ceo@example.org\"]}";

    @Option(names = "--native-dir", description = "Also copy SQLite's native library for this machine into this folder.")
    Path nativeDir;

    @Override
    public void run() {
        if (nativeDir != null) {
            copyNativeLibrary(nativeDir);
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("unsilo-warm-up");
        } catch (IOException e) {
            throw new CliException("cannot create a temporary folder: " + e.getMessage());
        }
        // A free port, and settings of its own, not the user's: it must not touch their database or port.
        try (ListeningSocket socket = ListeningSocket.open("127.0.0.1", 0)) {
            Config config = new ConfigLoader(Map.of()).load(null, Map.of(ConfigLoader.DATA_DIR, dir.toString(),
                    ConfigLoader.PORT, Integer.toString(socket.port()), ConfigLoader.BIND, "127.0.0.1"));
            App app = new App(config, Clock.systemUTC());
            try {
                app.serve(socket);
                long admin = app.users().create(null, "admin@unsilo.local", "Admin", "admin").id();
                exercise(config.baseUrl(), app.tokens().create(admin, "warm-up").secret());
            } finally {
                app.close();
            }
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void exercise(String base, String token) {
        HttpClient http = HttpClient.newHttpClient();
        send(http, HttpRequest.newBuilder(URI.create(base + "/ready")).build());
        send(http, HttpRequest.newBuilder(URI.create(base + "/login")).build());
        send(http, api(base + "/api/v1/captures", token, CAPTURE));
        send(http, api(base + "/api/v1/lookup", token, LOOKUP));
    }

    private static HttpRequest api(String url, String token, String json) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static void send(HttpClient http, HttpRequest request) {
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 400) {
                throw new CliException("warm-up request " + request.uri().getPath() + " answered " + status);
            }
        } catch (IOException e) {
            throw new CliException("warm-up request " + request.uri().getPath() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("warm-up interrupted");
        }
    }

    /**
     * sqlite-jdbc copies its native library out of the jar into a new temporary file on every start, then reads both
     * back to compare them (~0.1 s of each start); given the folder of a copy made once ({@code -Dorg.sqlite.lib.path},
     * which the launcher passes), it loads that instead. Nothing is copied for a machine the jar has no library for.
     */
    private static void copyNativeLibrary(Path dir) {
        String name = LibraryLoaderUtil.getNativeLibName();
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name;
        try (InputStream in = WarmUpCommand.class.getResourceAsStream(resource)) {
            if (in == null) {
                return;
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, name, ".tmp");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CliException("cannot copy SQLite's native library to " + dir + ": " + e.getMessage());
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            MoreFiles.deleteRecursively(dir);
        } catch (IOException e) {
            // A leftover temporary folder is harmless.
        }
    }
}
