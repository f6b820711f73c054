package org.unsilo.api;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import org.unsilo.activity.ActivityRecorder;
import org.unsilo.contacts.LookupService;
import org.unsilo.http.Requests;
import org.unsilo.http.RouteTable;

/** {@code POST /api/v1/lookup}: what the CRM knows about each address, in request order. */
public final class LookupApi {

    static final int MAX_ADDRESSES = 100;

    private final LookupService lookup;
    private final ActivityRecorder activity;
    private final Requests requests;

    public LookupApi(LookupService lookup, ActivityRecorder activity, Requests requests) {
        this.lookup = lookup;
        this.activity = activity;
        this.requests = requests;
    }

    record LookupRequest(List<PartyInput> addresses) {
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
        requests.json(ctx, Map.of("results", lookup.lookup(req.addresses().stream().map(PartyInput::toParty).toList(), viewer)));
        activity.record(viewer, "lookup", null, Integer.toString(req.addresses().size()));
    }
}
