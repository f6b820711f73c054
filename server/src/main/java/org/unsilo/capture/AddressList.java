package org.unsilo.capture;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an address-list header ({@code To}, {@code Cc}) into one {@link Party} per address, as every client that
 * reads raw headers (mail import, Gmail add-on) must. Parsing is lenient: whatever is not an address is handed on as
 * a raw party, so the capture path reports it as rejected instead of the reader failing.
 */
public final class AddressList {

    private AddressList() {
    }

    /** One party per address; a list Jakarta cannot split is passed whole, and the capture path reports it. */
    public static List<Party> parties(String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        List<Party> out = new ArrayList<>();
        try {
            for (InternetAddress a : InternetAddress.parseHeader(header, false)) {
                if (a.isGroup()) {
                    // "undisclosed-recipients:;" has no members; a real group lists its addresses.
                    try {
                        for (InternetAddress member : a.getGroup(false)) {
                            add(out, member);
                        }
                    } catch (AddressException e) {
                        out.add(Party.raw(a.getAddress()));
                    }
                } else {
                    add(out, a);
                }
            }
        } catch (AddressException e) {
            out.add(Party.raw(header));
        }
        return out;
    }

    private static void add(List<Party> out, InternetAddress a) {
        if (a.getAddress() != null && !a.getAddress().isBlank()) {
            out.add(Party.raw(a.toString()));
        }
    }
}
