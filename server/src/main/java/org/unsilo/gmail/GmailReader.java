package org.unsilo.gmail;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.gmail.Gmail;
import com.google.api.services.gmail.model.Message;
import com.google.api.services.gmail.model.MessagePart;
import com.google.api.services.gmail.model.MessagePartHeader;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.ParseException;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.unsilo.capture.AddressList;
import org.unsilo.capture.Party;

/**
 * Reads the message a Gmail add-on event points at, with Google's Gmail API client: the user's OAuth token as the
 * bearer and the event's per-message access token in {@code X-Goog-Gmail-Access-Token}, which is what the
 * {@code gmail.addons.current.message.*} scopes accept.
 */
public final class GmailReader {

    /** Headers that say who is on the message, identify it, thread it, or mark it as list or automated mail. */
    static final List<String> HEADERS = List.of("From", "To", "Cc", "Date", "Subject", "Message-ID", "In-Reply-To",
            "References", "List-Id", "List-Unsubscribe", "List-Post", "Precedence", "Auto-Submitted");
    /** Of those, the ones the capture path reads (threading, list and bulk detection). */
    private static final List<String> CAPTURE_HEADERS = List.of("In-Reply-To", "References", "List-Id",
            "List-Unsubscribe", "List-Post", "Precedence", "Auto-Submitted");
    private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9_-]{1,200}");

    private final HttpTransport transport = new NetHttpTransport();
    private final String rootUrl;

    public GmailReader(String rootUrl) {
        this.rootUrl = rootUrl;
    }

    /**
     * Thrown when Gmail does not give us the message; the add-on shows the reason instead of the people, so its
     * message says, in words for the user, what happened and what to do.
     */
    public static final class UnreadableMessageException extends Exception {
        UnreadableMessageException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Headers only ({@code format=metadata}). */
    public GmailMessage headers(AddOnEvent event) throws UnreadableMessageException {
        Message m = fetch(event, "metadata");
        return toMessage(m, null);
    }

    /** Headers and the text of the message ({@code format=full}), for logging it. */
    public GmailMessage withText(AddOnEvent event) throws UnreadableMessageException {
        Message m = fetch(event, "full");
        return toMessage(m, m.getPayload() == null ? null : text(m.getPayload()));
    }

    private Message fetch(AddOnEvent event, String format) throws UnreadableMessageException {
        AddOnEvent.GmailEventObject gmail = event.gmail();
        if (gmail == null || gmail.messageId() == null || !MESSAGE_ID.matcher(gmail.messageId()).matches()) {
            throw new UnreadableMessageException("Gmail did not say which message is open (gmail.messageId is missing "
                    + "or not a Gmail message id). Open the message again.", null);
        }
        if (gmail.accessToken() == null || gmail.accessToken().isBlank()) {
            throw new UnreadableMessageException("Gmail gave the add-on no access to this message (gmail.accessToken "
                    + "is missing). Ask your administrator to give the add-on's deployment the "
                    + "gmail.addons.current.message.metadata scope.", null);
        }
        String userToken = event.userOAuthToken();
        if (userToken == null || userToken.isBlank()) {
            throw new UnreadableMessageException("Google sent no authorisation to read Gmail with "
                    + "(authorizationEventObject.userOAuthToken is missing). Reload Gmail and authorise the add-on "
                    + "again.", null);
        }
        Gmail client = new Gmail.Builder(transport, GsonFactory.getDefaultInstance(), request -> {
            request.getHeaders().setAuthorization("Bearer " + userToken);
            request.getHeaders().set("X-Goog-Gmail-Access-Token", gmail.accessToken());
        }).setRootUrl(rootUrl).setApplicationName("Unsilo").build();
        try {
            Gmail.Users.Messages.Get get = client.users().messages().get("me", gmail.messageId()).setFormat(format);
            if (format.equals("metadata")) {
                get.setMetadataHeaders(HEADERS);
            }
            return get.execute();
        } catch (GoogleJsonResponseException e) {
            int status = e.getStatusCode();
            String said = e.getDetails() != null && e.getDetails().getMessage() != null
                    ? ": " + e.getDetails().getMessage().replaceFirst("\\.+$", "") : "";
            throw new UnreadableMessageException("Gmail answered " + status + said + ". " + (status == 401 || status == 403
                    ? "Open the message again; if this keeps happening, ask your administrator to check the add-on's "
                            + "Gmail permissions."
                    : "Open the message again, or try again in a moment."), e);
        } catch (IOException e) {
            throw new UnreadableMessageException("Gmail could not be reached: " + e.getMessage() + ". Try again in a moment.", e);
        }
    }

    private static GmailMessage toMessage(Message m, String text) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        List<MessagePartHeader> raw = m.getPayload() == null || m.getPayload().getHeaders() == null
                ? List.of() : m.getPayload().getHeaders();
        for (MessagePartHeader h : raw) {
            if (h.getName() != null && h.getValue() != null) {
                headers.putIfAbsent(h.getName(), h.getValue());
            }
        }
        Map<String, String> capture = new LinkedHashMap<>();
        for (String name : CAPTURE_HEADERS) {
            if (headers.containsKey(name)) {
                capture.put(name, headers.get(name));
            }
        }
        List<Party> from = AddressList.parties(headers.get("From"));
        return new GmailMessage(m.getId(), m.getThreadId(), headers.get("Message-ID"), headers.get("Subject"),
                sentAt(headers.get("Date"), m.getInternalDate()), from.isEmpty() ? null : from.get(0),
                AddressList.parties(headers.get("To")), AddressList.parties(headers.get("Cc")), capture, text);
    }

    /** The Date header; Gmail's internal date (when it received the message) when that is missing or unreadable. */
    private static Instant sentAt(String date, Long internalDate) {
        if (date != null) {
            try {
                return new MailDateFormat().parse(date).toInstant();
            } catch (java.text.ParseException e) {
                // fall back to Gmail's own date
            }
        }
        return internalDate == null ? null : Instant.ofEpochMilli(internalDate);
    }

    /** The first text/plain part that is not an attachment; else the text of the first HTML part. */
    private static String text(MessagePart root) {
        String plain = find(root, "text/plain");
        if (plain != null) {
            return plain;
        }
        String html = find(root, "text/html");
        return html == null ? null : Jsoup.parse(html).text();
    }

    private static String find(MessagePart part, String mimeType) {
        if (part.getParts() != null) {
            for (MessagePart child : part.getParts()) {
                String found = find(child, mimeType);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        boolean attachment = part.getFilename() != null && !part.getFilename().isEmpty();
        if (attachment || part.getBody() == null || part.getBody().getData() == null
                || !mimeType.equalsIgnoreCase(part.getMimeType())) {
            return null;
        }
        return new String(part.getBody().decodeData(), charset(part));
    }

    private static Charset charset(MessagePart part) {
        if (part.getHeaders() != null) {
            for (MessagePartHeader h : part.getHeaders()) {
                if ("Content-Type".equalsIgnoreCase(h.getName())) {
                    try {
                        String name = new ContentType(h.getValue()).getParameter("charset");
                        if (name != null && Charset.isSupported(name.toLowerCase(Locale.ROOT))) {
                            return Charset.forName(name);
                        }
                    } catch (ParseException | IllegalArgumentException e) {
                        // unreadable Content-Type: the default below
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
