package org.unsilo.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.unsilo.capture.Directory;
import org.unsilo.common.InvalidFieldException;
import org.unsilo.contacts.ContactConflictException;
import org.unsilo.contacts.ContactService;
import org.unsilo.http.Downloads;
import org.unsilo.http.Json;
import org.unsilo.privacy.Erasure;
import org.unsilo.privacy.PersonExport;
import org.unsilo.privacy.PersonSummary;
import org.unsilo.privacy.PrivacyService;

/**
 * Privacy requests (GDPR art. 15 and 17) for admins: find a person by address, see what is held, download it as the
 * admin API's JSON export, erase them after typing their address again, and check or lift suppressions. Every
 * operation is {@link PrivacyService}'s, so erasure and lifting are audit-logged as over the API.
 */
final class PrivacyPages {

    private static final String TITLE = "Privacy requests";

    private final PrivacyService privacy;
    private final ContactService contacts;
    private final AuditLog audit;
    private final Templates templates;
    private final ObjectWriter json = Json.mapper().writerWithDefaultPrettyPrinter();

    PrivacyPages(PrivacyService privacy, ContactService contacts, AuditLog audit, Templates templates) {
        this.privacy = privacy;
        this.contacts = contacts;
        this.audit = audit;
        this.templates = templates;
    }

    void register(RoutesConfig routes) {
        routes.get("/admin/privacy", this::find);
        routes.get("/admin/privacy/export", this::export);
        routes.get("/admin/privacy/erase", this::confirmErase);
        routes.post("/admin/privacy/erase", this::erase);
        routes.post("/admin/privacy/suppressions/lift", this::lift);
    }

    /** How the audit log names a person: the SHA-256 of their address, in hex ({@link Directory#hash}). */
    private static final Pattern ADDRESS_HASH = Pattern.compile("[0-9a-f]{64}");

    /**
     * What the page shows besides a person: at most one of an erasure's result, a suppression check's answer, a lifted
     * suppression (with {@code liftedBefore}, the audit entry of the lift, when this request found it lifted already)
     * or an error.
     */
    private record Outcome(Erasure erased, String checked, Boolean suppressed, String lifted, AuditEntry liftedBefore,
                           String error) {
        static final Outcome NONE = new Outcome(null, null, null, null, null, null);

        static Outcome error(String message) {
            return new Outcome(null, null, null, null, null, message);
        }

        static Outcome lifted(String address, AuditEntry before) {
            return new Outcome(null, null, null, address, before, null);
        }
    }

    private void find(Context ctx) {
        String erasedHash = ctx.queryParam("erased");
        if (erasedHash != null) {
            if (!ADDRESS_HASH.matcher(erasedHash).matches()) {
                throw WebReject.status(400, "'erased' names an erasure by the address's hash: 64 hexadecimal digits.");
            }
            render(ctx, null, privacy.lastErasure(erasedHash)
                    .map(e -> new Outcome(e, null, null, null, null, null))
                    .orElseGet(() -> Outcome.error("No erasure of that address is on record.")));
            return;
        }
        String address = requested(ctx);
        String check = ctx.queryParam("check");
        if (check != null && !check.isBlank()) {
            render(ctx, null, checked(check.strip()));
            return;
        }
        if (address == null) {
            render(ctx, null, Outcome.NONE);
            return;
        }
        try {
            render(ctx, privacy.summary(address), Outcome.NONE);
        } catch (InvalidFieldException e) {
            render(ctx, 400, null, Outcome.error(e.getMessage()));
        } catch (ContactConflictException e) {
            render(ctx, 409, null, Outcome.error(e.getMessage()));
        }
    }

    /** The address asked about: typed in ({@code address}) or the first one of a contact ({@code contact}). */
    private String requested(Context ctx) {
        String contact = ctx.queryParam("contact");
        if (contact != null) {
            long id = Forms.id(contact, "contact");
            ContactService.Found found = contacts.find(id)
                    .orElseThrow(() -> WebReject.status(404, "There is no contact " + id + "."));
            if (found.contact() == null || found.contact().emails().isEmpty()) {
                throw WebReject.status(400, "Contact " + id + " has no e-mail address; privacy requests are found by address.");
            }
            return found.contact().emails().get(0);
        }
        String address = ctx.queryParam("address");
        return address == null || address.isBlank() ? null : address.strip();
    }

    private Outcome checked(String address) {
        try {
            return new Outcome(null, address, privacy.isSuppressed(address), null, null, null);
        } catch (InvalidFieldException e) {
            return Outcome.error(e.getMessage());
        }
    }

    private void export(Context ctx) {
        PersonExport export = held(() -> privacy.export(Forms.userId(ctx), required(ctx.queryParam("address"))));
        String body;
        try {
            body = json.writeValueAsString(export);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // Named by the hash, as the audit log names erased people: the file name says nothing about whom it holds.
        String file = "personal-data-" + Directory.hash(export.address()).substring(0, 12) + ".json";
        Downloads.stream(ctx, "application/json", file, out -> write(out, body));
    }

    private static void write(Writer out, String text) {
        try {
            out.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void confirmErase(Context ctx) {
        PersonSummary summary = held(() -> privacy.summary(required(ctx.queryParam("address"))));
        renderConfirm(ctx, 200, summary, null);
    }

    /** Erases only when the admin typed the person's address again, so that no stray click removes anyone. */
    private void erase(Context ctx) {
        String address = required(Forms.text(ctx, "address", 320));
        PersonSummary summary = held(() -> privacy.summary(address));
        String typed = Forms.text(ctx, "confirm", 320);
        if (typed == null || !sameAddress(typed, summary.held().address())) {
            renderConfirm(ctx, 400, summary, "Type " + summary.held().address() + " exactly to confirm; nothing was erased.");
            return;
        }
        Erasure erased = held(() -> privacy.erase(Forms.userId(ctx), address));
        // Post/redirect/get: the result page is read back from the audit log, so reloading it never posts the erasure
        // again, and the address stays out of the URL (and the browser's history): the audit log's hash names it.
        ctx.redirect("/admin/privacy?erased=" + erased.addressHash(), HttpStatus.SEE_OTHER);
    }

    private boolean sameAddress(String typed, String address) {
        try {
            return privacy.address(typed).address().equals(address);
        } catch (InvalidFieldException e) {
            return false;
        }
    }

    /**
     * Lifts a suppression. The result is the answer to the post, so a reload sends the lift again: an address whose
     * suppression was lifted before is told as such, with who lifted it and when (another admin may have), not as an
     * error; only an address that was never lifted and is not suppressed is one.
     */
    private void lift(Context ctx) {
        String address = required(Forms.text(ctx, "address", 320));
        if (held(() -> privacy.lift(Forms.userId(ctx), address))) {
            render(ctx, null, Outcome.lifted(address, null));
            return;
        }
        String hash = Directory.hash(held(() -> privacy.address(address)).address());
        render(ctx, null, audit.latest(PrivacyService.LIFT_ACTION, hash)
                .map(before -> Outcome.lifted(address, before))
                .orElseGet(() -> Outcome.error(address + " is not suppressed; nothing changed.")));
    }

    private static String required(String address) {
        if (address == null || address.isBlank()) {
            throw WebReject.status(400, "Give the person's e-mail address.");
        }
        return address;
    }

    /** Runs a privacy operation, turning a bad address or a staff address into an error page. */
    private static <T> T held(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (InvalidFieldException e) {
            throw WebReject.status(400, e.getMessage());
        } catch (ContactConflictException e) {
            throw WebReject.status(409, e.getMessage());
        }
    }

    private void render(Context ctx, PersonSummary summary, Outcome outcome) {
        render(ctx, 200, summary, outcome);
    }

    private void render(Context ctx, int status, PersonSummary summary, Outcome outcome) {
        Map<String, Object> m = Forms.model(ctx, TITLE, "admin");
        m.put("summary", summary);
        m.put("exportHref", summary == null ? null : href("/admin/privacy/export", summary));
        m.put("eraseHref", summary == null ? null : href("/admin/privacy/erase", summary));
        m.put("suppressions", privacy.suppressionCount());
        m.put("erased", outcome.erased());
        m.put("checked", outcome.checked());
        m.put("suppressed", outcome.suppressed());
        m.put("lifted", outcome.lifted());
        m.put("liftedBefore", outcome.liftedBefore());
        m.put("error", outcome.error());
        templates.render(ctx, status, "admin/privacy.jte", m);
    }

    private void renderConfirm(Context ctx, int status, PersonSummary summary, String error) {
        Map<String, Object> m = Forms.model(ctx, "Erase " + summary.held().address(), "admin");
        m.put("summary", summary);
        m.put("backHref", href("/admin/privacy", summary));
        m.put("error", error);
        templates.render(ctx, status, "admin/privacy-erase.jte", m);
    }

    /** Links to the person's pages, built here to percent-encode the address (it may hold {@code +} or {@code &}). */
    private static String href(String path, PersonSummary summary) {
        return path + "?address=" + URLEncoder.encode(summary.held().address(), StandardCharsets.UTF_8);
    }
}
