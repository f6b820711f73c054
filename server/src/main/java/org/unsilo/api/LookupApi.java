package org.unsilo.api;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
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

    /** {@code written}: for the parts of answers that the lookup keeps between requests (its cards). */
    public LookupApi(LookupService lookup, ActivityRecorder activity, Requests requests, WrittenOnce written) {
        this.lookup = lookup;
        this.activity = activity;
        this.requests = requests;
        this.written = written;
    }

    record LookupRequest(List<PartyInput> addresses) {
    }

    /** A {@link Views.LookupResult} as sent, with its kept parts as JSON written once. */
    record Answer(String address, boolean known, boolean internal, Object contact, Object organization, Object knownBy,
                  Object recentConversations, String error) {
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

    private Answer answer(Views.LookupResult r) {
        // An address without a contact gets its domain's organisation afresh in each lookup: not kept, not memoised.
        boolean contactsOrganization = r.contact() != null && r.organization() == r.contact().organization();
        return new Answer(r.address(), r.known(), r.internal(), written.of(r.contact()),
                contactsOrganization ? written.of(r.organization()) : r.organization(), written.of(r.knownBy()),
                written.of(r.recentConversations()), r.error());
    }
}
