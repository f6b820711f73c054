package org.unsilo.capture;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Recognises automated senders by local part ({@code no-reply}, {@code mailer-daemon}, ...) and list or
 * bulk mail by its headers. Neither is turned into a contact.
 */
public final class RobotSenders {

    private final Set<String> exact;
    private final Set<String> prefixes;

    public RobotSenders(Set<String> patterns) {
        this.exact = patterns.stream().filter(p -> !p.endsWith("*")).collect(Collectors.toUnmodifiableSet());
        this.prefixes = patterns.stream().filter(p -> p.endsWith("*"))
                .map(p -> p.substring(0, p.length() - 1)).collect(Collectors.toUnmodifiableSet());
    }

    public static RobotSenders builtIn() {
        return new RobotSenders(ListResource.lines("/capture/robot-local-parts.txt"));
    }

    public boolean isRobot(EmailAddress address) {
        String local = address.localPart();
        int plus = local.indexOf('+');
        String base = plus > 0 ? local.substring(0, plus) : local;
        return exact.contains(base) || prefixes.stream().anyMatch(base::startsWith);
    }

    /** True for mailing-list and bulk mail (RFC 2369 List-* headers, {@code Precedence}, RFC 3834 {@code Auto-Submitted}). */
    public static boolean isListOrBulk(Map<String, String> headers) {
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String name = h.getKey().toLowerCase(java.util.Locale.ROOT);
            String value = h.getValue() == null ? "" : h.getValue().trim().toLowerCase(java.util.Locale.ROOT);
            if (name.equals("list-id") || name.equals("list-unsubscribe") || name.equals("list-post")) {
                return true;
            }
            if (name.equals("precedence") && (value.equals("bulk") || value.equals("list") || value.equals("junk"))) {
                return true;
            }
            if (name.equals("auto-submitted") && !value.isEmpty() && !value.equals("no")) {
                return true;
            }
        }
        return false;
    }
}
