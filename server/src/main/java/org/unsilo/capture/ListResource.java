package org.unsilo.capture;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads a bundled one-entry-per-line data file, skipping blank lines and {@code #} comments. */
final class ListResource {

    private ListResource() {
    }

    static Set<String> lines(String resource) {
        InputStream in = ListResource.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("Missing bundled data file " + resource);
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return r.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
