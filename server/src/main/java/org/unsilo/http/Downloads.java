package org.unsilo.http;

import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** A file written straight to the response as it is produced (exports can be larger than memory should hold). */
public final class Downloads {

    private Downloads() {
    }

    public static void stream(Context ctx, String mediaType, String fileName, Consumer<Writer> body) {
        ctx.contentType(mediaType + "; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        try {
            Writer out = new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8));
            body.accept(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
