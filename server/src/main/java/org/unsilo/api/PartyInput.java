package org.unsilo.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.unsilo.capture.Party;

/** A party in JSON: {@code {"address": "...", "name": "..."}} or a raw header string. */
public record PartyInput(String address, String name, String raw) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static PartyInput fromString(String raw) {
        return new PartyInput(null, null, raw);
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public static PartyInput fromObject(@JsonProperty("address") String address, @JsonProperty("name") String name) {
        return new PartyInput(address, name, null);
    }

    public Party toParty() {
        return raw != null ? Party.raw(raw) : Party.of(address, name);
    }
}
