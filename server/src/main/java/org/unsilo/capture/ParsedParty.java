package org.unsilo.capture;

/** The outcome of parsing one {@link Party}: a usable address and display name, or the reason it is not one. */
public record ParsedParty(Party input, EmailAddress email, String name, String error) {

    static ParsedParty ok(Party input, EmailAddress email, String name) {
        return new ParsedParty(input, email, name, null);
    }

    static ParsedParty invalid(Party input, String reason) {
        return new ParsedParty(input, null, null, reason);
    }

    public boolean isValid() {
        return email != null;
    }
}
