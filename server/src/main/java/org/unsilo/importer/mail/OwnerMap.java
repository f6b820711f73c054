package org.unsilo.importer.mail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --owner-map FILE}: who owns which top-level folder, for when learning from sent folders is not
 * wanted or not possible. One line per folder, {@code folder=email[,alias…]}; the first address is the
 * staff account's, the others its aliases. Blank lines and lines starting with '#' are ignored.
 */
final class OwnerMap {

    record Entry(String folder, String email, List<String> aliases) {
    }

    private OwnerMap() {
    }

    static Map<String, Entry> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MailImportException("cannot read the owner map " + file + ": " + e.getMessage(), e);
        }
        Map<String, Entry> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0 || eq == line.length() - 1) {
                throw new MailImportException(file + " line " + (i + 1) + ": expected folder=email[,alias…], got '" + line + "'");
            }
            String folder = line.substring(0, eq).strip();
            List<String> addresses = new ArrayList<>();
            for (String a : line.substring(eq + 1).split(",")) {
                if (!a.isBlank()) {
                    addresses.add(a.strip());
                }
            }
            if (addresses.isEmpty()) {
                throw new MailImportException(file + " line " + (i + 1) + ": no address for folder '" + folder + "'");
            }
            if (out.put(folder, new Entry(folder, addresses.get(0), List.copyOf(addresses.subList(1, addresses.size())))) != null) {
                throw new MailImportException(file + " line " + (i + 1) + ": folder '" + folder + "' is mapped twice");
            }
        }
        return out;
    }
}
