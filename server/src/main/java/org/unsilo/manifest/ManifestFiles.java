package org.unsilo.manifest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes the deployable files into a folder: what an admin uploads or hands to {@code gcloud}. */
public final class ManifestFiles {

    public static final String OUTLOOK_XML = "manifest.xml";
    public static final String OUTLOOK_JSON = "manifest.json";
    public static final String OUTLOOK_ZIP = "unsilo-outlook.zip";
    public static final String GMAIL_DEPLOYMENT = "deployment.json";

    /** A fixed entry time (local, so no time zone leaks in), so the same manifest always gives the same zip. */
    private static final LocalDateTime ZIP_ENTRY_TIME = LocalDateTime.of(2026, 1, 1, 0, 0);

    private ManifestFiles() {
    }

    /** XML manifest, unified manifest with its two icons, and the zip of the latter for upload. */
    public static List<Path> writeOutlook(OutlookAddin addin, Path dir) {
        Map<String, byte[]> unified = new LinkedHashMap<>();
        unified.put(OUTLOOK_JSON, new UnifiedManifest(addin).json().getBytes(StandardCharsets.UTF_8));
        unified.put(UnifiedManifest.COLOR_ICON, asset(UnifiedManifest.COLOR_ICON));
        unified.put(UnifiedManifest.OUTLINE_ICON, asset(UnifiedManifest.OUTLINE_ICON));

        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(OUTLOOK_XML, new OutlookXmlManifest(addin).xml().getBytes(StandardCharsets.UTF_8));
        files.putAll(unified);
        files.put(OUTLOOK_ZIP, zip(unified));
        return write(dir, files);
    }

    public static List<Path> writeGmail(AddinUrls urls, Path dir) {
        return write(dir, Map.of(GMAIL_DEPLOYMENT, new GmailDeployment(urls).json().getBytes(StandardCharsets.UTF_8)));
    }

    /** An icon the server also serves under {@code /addin/assets/}. */
    static byte[] asset(String name) {
        try (InputStream in = ManifestFiles.class.getResourceAsStream("/addin/assets/" + name)) {
            if (in == null) {
                throw new IllegalStateException("icon missing from the jar: addin/assets/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTimeLocal(ZIP_ENTRY_TIME);
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static List<Path> write(Path dir, Map<String, byte[]> files) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path file = dir.resolve(f.getKey());
                Files.write(file, f.getValue());
                written.add(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the manifests to " + dir + ": " + e.getMessage(), e);
        }
        return written;
    }
}
