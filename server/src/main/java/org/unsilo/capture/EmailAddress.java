package org.unsilo.capture;

/**
 * A validated, normalised e-mail address: lower-case, domain in ASCII (punycode) for matching.
 * {@code displayDomain} is the Unicode form for people to read.
 */
public record EmailAddress(String address, String localPart, String domain, String displayDomain) {

    public String displayAddress() {
        return localPart + "@" + displayDomain;
    }
}
