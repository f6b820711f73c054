package org.unsilo.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named counters of one import (files read, messages new/duplicate, contacts created, skipped by
 * reason...). Kept in the job row as JSON, written with each checkpoint so a resumed import goes on
 * counting where the crashed one committed.
 */
public final class ImportCounts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Long> values = new LinkedHashMap<>();

    public static ImportCounts fromJson(String json) {
        ImportCounts c = new ImportCounts();
        if (json != null && !json.isBlank()) {
            try {
                c.values.putAll(JSON.readValue(json, new TypeReference<LinkedHashMap<String, Long>>() { }));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("import counts are not valid JSON: " + e.getOriginalMessage(), e);
            }
        }
        return c;
    }

    public synchronized void add(String name, long n) {
        values.merge(name, n, Long::sum);
    }

    public void increment(String name) {
        add(name, 1);
    }

    public synchronized long get(String name) {
        return values.getOrDefault(name, 0L);
    }

    public synchronized Map<String, Long> asMap() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public synchronized String toJson() {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
