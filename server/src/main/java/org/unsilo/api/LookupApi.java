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

    /**
     * The JSON of a kept answer and what it shows. The next answer from the same card mostly shows the very same;
     * where it does not (strengths shown a digit lower, another viewer's conversations), it is written again.
     */
    private record Written(Views.LookupResult shown, Object json) {

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
        if (r.memo().held() instanceof Written w && w.shows(r)) {
            return w.json();
        }
        Written w = new Written(r, written.write(r));
        r.memo().hold(w);
        return w.json();
    }
}
