package org.unsilo.web;

import io.javalin.config.RoutesConfig;
import org.unsilo.exports.ExportService;
import org.unsilo.http.Downloads;

/**
 * The export files of {@link ExportService} for a signed-in browser: the same files as {@code /api/v1/exports/…},
 * which take bearer tokens only, so a link on the contacts and organisations pages can download them.
 */
final class ExportDownloads {

    private final ExportService exports;

    ExportDownloads(ExportService exports) {
        this.exports = exports;
    }

    void register(RoutesConfig routes) {
        routes.get("/exports/contacts.csv", ctx -> Downloads.stream(ctx, "text/csv", "contacts.csv",
                out -> exports.contactsCsv(Forms.userId(ctx), out)));
        routes.get("/exports/contacts.vcf", ctx -> Downloads.stream(ctx, "text/vcard", "contacts.vcf",
                out -> exports.contactsVcard(Forms.userId(ctx), out)));
        routes.get("/exports/organizations.csv", ctx -> Downloads.stream(ctx, "text/csv", "organizations.csv",
                out -> exports.organizationsCsv(Forms.userId(ctx), out)));
    }
}
