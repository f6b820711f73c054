package org.unsilo.api;

import io.javalin.http.Context;
import java.io.Writer;
import java.util.function.BiConsumer;
import org.unsilo.exports.ExportService;
import org.unsilo.http.Downloads;
import org.unsilo.http.Requests;
import org.unsilo.http.RouteTable;

/**
 * Contacts and organisations as files (CSV, vCard 4.0) for every signed-in user, streamed as they are read — see
 * {@link ExportService} for what an export holds and why nothing private is in it.
 */
public final class ExportsApi {

    private final ExportService exports;

    public ExportsApi(ExportService exports) {
        this.exports = exports;
    }

    public void register(RouteTable routes) {
        routes.get("/api/v1/exports/contacts.csv", ctx -> stream(ctx, "text/csv", "contacts.csv",
                (viewer, out) -> exports.contactsCsv(viewer, out)));
        routes.get("/api/v1/exports/contacts.vcf", ctx -> stream(ctx, "text/vcard", "contacts.vcf",
                (viewer, out) -> exports.contactsVcard(viewer, out)));
        routes.get("/api/v1/exports/organizations.csv", ctx -> stream(ctx, "text/csv", "organizations.csv",
                (viewer, out) -> exports.organizationsCsv(viewer, out)));
    }

    private static void stream(Context ctx, String mediaType, String fileName, BiConsumer<Long, Writer> export) {
        long viewer = Requests.principal(ctx).userId();
        Downloads.stream(ctx, mediaType, fileName, out -> export.accept(viewer, out));
    }
}
