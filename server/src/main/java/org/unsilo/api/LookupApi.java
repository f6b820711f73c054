package org.unsilo.api;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.unsilo.activity.ActivityRecorder;
import org.unsilo.contacts.LookupService;
import org.unsilo.contacts.Views;
import org.unsilo.http.Requests;
import org.unsilo.http.RouteTable;
import org.unsilo.http.WrittenOnce;

/** {@code POST /api/v1/lookup}: what the CRM knows about each address, in request order. */
public final class LookupApi {

    static final int MAX_ADDRESSES = 100;

    private final LookupService lookup;
    private final ActivityRecorder activity;
    private final Requests requests;
    private final WrittenOnce written;

    /** {@code written}: for the answers that the lookup keeps between requests (its cards). */
    public LookupApi(LookupService lookup, ActivityRecorder activity, Requests requests, WrittenOnce written) {
        this.lookup = lookup;
        this.activity = activity;
        this.requests = requests;
        this.written = written;
    }

    record LookupRequest(List<PartyInput> addresses) {
    }

    /** A {@link Views.LookupResult} as sent, its kept parts as JSON written before. */
    private record Answer(String address, boolean known, boolean internal, Object contact, Object organization,
                          Object knownBy, Object recentConversations, String error) {
    }

    /**
     * The JSON of a kept answer, whole and by part, and what it shows. The next answer from the same card mostly shows
     * the very same; where it does not (another address of the contact, another viewer's conversations, strengths
     * shown a digit lower), the parts still the same are copied.
     */
    private record Written(Views.LookupResult shown, Object contact, Object organization, Object knownBy,
                           Object recentConversations, Object json) {

        static Written of(Views.LookupResult r, Written last, WrittenOnce written) {
            Views.LookupResult was = last == null ? null : last.shown;
            Object contact = was != null && was.contact() == r.contact() ? last.contact : written.write(r.contact());
            Object organization = was != null && was.organization() == r.organization() ? last.organization
                    : written.write(r.organization());
            Object knownBy = was != null && was.knownBy() == r.knownBy() ? last.knownBy : written.write(r.knownBy());
            Object recent = was != null && was.recentConversations() == r.recentConversations()
                    ? last.recentConversations : written.write(r.recentConversations());
            return new Written(r, contact, organization, knownBy, recent, written.write(new Answer(r.address(),
                    r.known(), r.internal(), contact, organization, knownBy, recent, r.error())));
        }

        boolean shows(Views.LookupResult r) {
            // Identity for the kept parts (never changed once made), equality for the rest.
            return shown.contact() == r.contact() && shown.organization() == r.organization()
                    && shown.knownBy() == r.knownBy() && shown.recentConversations() == r.recentConversations()
                    && shown.known() == r.known() && shown.internal() == r.internal()
                    && shown.address().equals(r.address()) && Objects.equals(shown.error(), r.error());
        }
    }

    public void register(RouteTable routes) {
        routes.post("/api/v1/lookup", this::lookup);
    }

    private void lookup(Context ctx) {
        long viewer = Requests.principal(ctx).userId();
        LookupRequest req = requests.body(ctx, LookupRequest.class);
        Checks checks = new Checks().require("addresses", req.addresses()).size("addresses", req.addresses(), MAX_ADDRESSES);
        if (req.addresses() != null) {
            if (req.addresses().isEmpty()) {
                checks.fail("addresses", "must list at least one address");
            }
            for (int i = 0; i < req.addresses().size(); i++) {
                PartyInput p = req.addresses().get(i);
                if (p == null) {
                    checks.fail("addresses[" + i + "]", "must be an address, not null");
                } else {
                    CaptureApi.checkParty(checks, "addresses[" + i + "]", p);
                }
            }
        }
        checks.throwIfAny();
        List<Views.LookupResult> results = lookup.lookup(req.addresses().stream().map(PartyInput::toParty).toList(), viewer);
        requests.json(ctx, Map.of("results", results.stream().map(this::answer).toList()));
        activity.record(viewer, "lookup", null, Integer.toString(req.addresses().size()));
    }

    private Object answer(Views.LookupResult r) {
        if (r.memo() == null) {
            return r;
        }
        Written last = r.memo().held() instanceof Written w ? w : null;
        if (last != null && last.shows(r)) {
            return last.json();
        }
        Written next = Written.of(r, last, written);
        r.memo().hold(next);
        return next.json();
    }
}
