package org.unsilo.testing;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for Google on a random loopback port: the ID-token signing keys (JWKS, as at
 * {@code https://www.googleapis.com/oauth2/v3/certs}) and the Gmail API's {@code users.messages.get}, which serves
 * recorded response files. Like Gmail for an add-on, it answers a message only to the user's OAuth token together
 * with the per-message access token.
 */
public final class GoogleStub implements AutoCloseable {

    /** One Gmail API call as the stub saw it. */
    public record Call(String messageId, String format, List<String> metadataHeaders, String authorization,
                       String messageToken) {
    }

    private final Map<String, Path> messages = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Javalin server;
    private final String userOAuthToken;
    private final String messageAccessToken;

    public GoogleStub(RSAKey signingKey, String userOAuthToken, String messageAccessToken) {
        this.userOAuthToken = userOAuthToken;
        this.messageAccessToken = messageAccessToken;
        String jwks = new JWKSet(signingKey.toPublicJWK()).toString();
        this.server = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.get("/oauth2/v3/certs", ctx -> ctx.contentType("application/json").result(jwks));
            cfg.routes.get("/gmail/v1/users/{user}/messages/{id}", this::message);
        }).start("127.0.0.1", 0);
    }

    /** Serves {@code file} (a recorded Gmail API response) as message {@code id}, whatever format is asked for. */
    public GoogleStub serve(String id, Path file) {
        messages.put(id, file);
        return this;
    }

    private void message(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        calls.add(new Call(id, ctx.queryParam("format"), ctx.queryParams("metadataHeaders"), ctx.header("Authorization"),
                ctx.header("X-Goog-Gmail-Access-Token")));
        if (!("Bearer " + userOAuthToken).equals(ctx.header("Authorization"))
                || !messageAccessToken.equals(ctx.header("X-Goog-Gmail-Access-Token"))) {
            error(ctx, 401, "Request had invalid authentication credentials.");
            return;
        }
        Path file = messages.get(id);
        if (!"me".equals(ctx.pathParam("user")) || file == null) {
            error(ctx, 404, "Requested entity was not found.");
            return;
        }
        ctx.contentType("application/json").result(Files.readAllBytes(file));
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).contentType("application/json")
                .result("{\"error\":{\"code\":" + status + ",\"message\":\"" + message + "\",\"errors\":[]}}");
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        server.stop();
    }
}
