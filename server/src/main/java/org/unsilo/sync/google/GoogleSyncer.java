package org.unsilo.sync.google;

import com.google.api.client.googleapis.batch.BatchRequest;
import com.google.api.client.googleapis.batch.json.JsonBatchCallback;
import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpHeaders;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.gmail.Gmail;
import com.google.api.services.gmail.model.History;
import com.google.api.services.gmail.model.HistoryMessageAdded;
import com.google.api.services.gmail.model.ListHistoryResponse;
import com.google.api.services.gmail.model.ListMessagesResponse;
import com.google.api.services.gmail.model.Message;
import com.google.api.services.gmail.model.MessagePartHeader;
import com.google.api.services.people.v1.PeopleService;
import com.google.api.services.people.v1.model.Person;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.unsilo.capture.Capture;
import org.unsilo.capture.AddressList;
import org.unsilo.capture.Party;
import org.unsilo.importer.ImportProgress;
import org.unsilo.importer.contacts.ContactRecord;
import org.unsilo.store.SyncCursorRow;
import org.unsilo.sync.AccessTokens;
import org.unsilo.sync.Cursor;
import org.unsilo.sync.MailboxSyncer;
import org.unsilo.sync.RoundWriter;

/**
 * Gmail and Google People with Google's API clients. Gmail: the first round lists the mailbox newest first and reads
 * each message's headers ({@code format=metadata}, batched) back to the configured window; later rounds read
 * {@code history.list} from the stored {@code historyId}, and a 404 (history no longer kept) means a full listing
 * again. Only messages with a chosen label (Inbox and Sent by default) are captured. People: {@code
 * connections.list} and {@code otherContacts.list} with sync tokens; an expired token means a full listing again.
 */
public final class GoogleSyncer implements MailboxSyncer {

    static final List<String> HEADERS = List.of("From", "To", "Cc", "Subject", "Date", "Message-ID", "In-Reply-To",
            "References", "List-Id", "List-Unsubscribe", "List-Post", "Precedence", "Auto-Submitted");
    private static final String GMAIL = "gmail";
    private static final int PAGE = 100;

    private final HttpTransport transport;
    private final String gmailRoot;
    private final String peopleRoot;
    private final int windowDays;
    private final Clock clock;

    public GoogleSyncer(HttpTransport transport, String gmailRoot, String peopleRoot, int windowDays, Clock clock) {
        this.transport = transport;
        this.gmailRoot = gmailRoot;
        this.peopleRoot = peopleRoot;
        this.windowDays = windowDays;
        this.clock = clock;
    }

    @Override
    public void sync(RoundWriter writer, AccessTokens tokens, ImportProgress progress) throws IOException {
        HttpRequestInitializer init = request -> {
            request.getHeaders().setAuthorization("Bearer " + tokens.current());
            request.setUnsuccessfulResponseHandler(new RetryAfter());
        };
        Gmail gmail = new Gmail.Builder(transport, GsonFactory.getDefaultInstance(), init)
                .setRootUrl(gmailRoot).setBatchPath("batch/gmail/v1").setApplicationName("unsilo").build();
        PeopleService people = new PeopleService.Builder(transport, GsonFactory.getDefaultInstance(), init)
                .setRootUrl(peopleRoot).setApplicationName("unsilo").build();
        progress.start("Syncing Gmail mailbox", -1, 0);
        Set<String> labels = new LinkedHashSet<>(writer.folders());
        new GmailRound(gmail, writer, labels).run();
        contacts(writer, "people:connections", (sync, page) -> {
            var r = people.people().connections().list("people/me")
                    .setPersonFields("names,emailAddresses,organizations,phoneNumbers").setPageSize(1000)
                    .setRequestSyncToken(true).setSyncToken(sync).setPageToken(page).execute();
            return new PeoplePage(r.getConnections(), r.getNextPageToken(), r.getNextSyncToken());
        });
        contacts(writer, "people:other", (sync, page) -> {
            var r = people.otherContacts().list().setReadMask("names,emailAddresses,phoneNumbers").setPageSize(1000)
                    .setRequestSyncToken(true).setSyncToken(sync).setPageToken(page).execute();
            return new PeoplePage(r.getOtherContacts(), r.getNextPageToken(), r.getNextSyncToken());
        });
    }

    /** One round of the Gmail stream. */
    private final class GmailRound {
        private final Gmail gmail;
        private final RoundWriter writer;
        private final Set<String> labels;
        private final long windowStart = clock.millis() - Duration.ofDays(windowDays).toMillis();

        GmailRound(Gmail gmail, RoundWriter writer, Set<String> labels) {
            this.gmail = gmail;
            this.writer = writer;
            this.labels = labels;
        }

        void run() throws IOException {
            Optional<SyncCursorRow> cursor = writer.cursor(GMAIL);
            if (cursor.isEmpty()) {
                list(gmail.users().getProfile("me").execute().getHistoryId().toString(), null);
                return;
            }
            SyncCursorRow c = cursor.get();
            try {
                if ("complete".equals(c.kind())) {
                    history(c.cursor(), null);
                } else if (c.cursor().startsWith("history:")) {
                    history(c.roundMark(), c.cursor().substring("history:".length()));
                } else {
                    list(c.roundMark(), c.cursor().substring("list:".length()));
                }
            } catch (GoogleJsonResponseException e) {
                if (e.getStatusCode() != 404) {
                    throw e;
                }
                // Gmail keeps history for a limited time: the stored historyId is too old, so list everything again.
                writer.reset(GMAIL);
                list(gmail.users().getProfile("me").execute().getHistoryId().toString(), null);
            }
        }

        /** The first listing, newest first, until the window's start; ends on the historyId read before it began. */
        private void list(String historyId, String pageToken) throws IOException {
            String token = pageToken;
            while (true) {
                ListMessagesResponse r = gmail.users().messages().list("me").setMaxResults((long) PAGE)
                        .setPageToken(token).execute();
                List<String> ids = new ArrayList<>();
                if (r.getMessages() != null) {
                    r.getMessages().forEach(m -> ids.add(m.getId()));
                }
                List<Message> messages = fetch(ids);
                boolean pastWindow = !messages.isEmpty()
                        && messages.stream().allMatch(m -> m.getInternalDate() != null && m.getInternalDate() < windowStart);
                List<Capture> captures = new ArrayList<>();
                for (Message m : messages) {
                    if (m.getInternalDate() != null && m.getInternalDate() >= windowStart && wanted(m)) {
                        captures.add(capture(writer.connection().userId(), m));
                    }
                }
                token = r.getNextPageToken();
                boolean last = token == null || pastWindow;
                writer.messages(GMAIL, captures, 0, last ? Cursor.complete(historyId) : Cursor.page("list:" + token, historyId));
                if (last) {
                    return;
                }
            }
        }

        /** Messages added since {@code startHistoryId}; ends on the newest historyId Gmail reports. */
        private void history(String startHistoryId, String pageToken) throws IOException {
            String token = pageToken;
            while (true) {
                ListHistoryResponse r = gmail.users().history().list("me").setStartHistoryId(new BigInteger(startHistoryId))
                        .setHistoryTypes(List.of("messageAdded")).setPageToken(token).execute();
                Set<String> ids = new LinkedHashSet<>();
                if (r.getHistory() != null) {
                    for (History h : r.getHistory()) {
                        if (h.getMessagesAdded() != null) {
                            for (HistoryMessageAdded a : h.getMessagesAdded()) {
                                ids.add(a.getMessage().getId());
                            }
                        }
                    }
                }
                List<Capture> captures = new ArrayList<>();
                for (Message m : fetch(new ArrayList<>(ids))) {
                    if (wanted(m)) {
                        captures.add(capture(writer.connection().userId(), m));
                    }
                }
                token = r.getNextPageToken();
                Cursor next = token != null ? Cursor.page("history:" + token, startHistoryId)
                        : Cursor.complete(r.getHistoryId() != null ? r.getHistoryId().toString() : startHistoryId);
                writer.messages(GMAIL, captures, 0, next);
                if (token == null) {
                    return;
                }
            }
        }

        private boolean wanted(Message m) {
            if (m.getLabelIds() == null) {
                return false;
            }
            for (String l : m.getLabelIds()) {
                if (labels.contains(l)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * The messages' headers in one batch request per page; a message deleted since it was listed (404) is left
         * out, any other failure stops the round at this page.
         */
        private List<Message> fetch(List<String> ids) throws IOException {
            if (ids.isEmpty()) {
                return List.of();
            }
            Map<String, Message> got = new LinkedHashMap<>();
            List<String> failures = new ArrayList<>();
            BatchRequest batch = gmail.batch();
            for (String id : ids) {
                gmail.users().messages().get("me", id).setFormat("metadata").setMetadataHeaders(HEADERS)
                        .queue(batch, new JsonBatchCallback<Message>() {
                            @Override
                            public void onSuccess(Message m, HttpHeaders headers) {
                                got.put(id, m);
                            }

                            @Override
                            public void onFailure(GoogleJsonError e, HttpHeaders headers) {
                                if (e.getCode() != 404) {
                                    failures.add("message " + id + ": HTTP " + e.getCode() + " " + e.getMessage());
                                }
                            }
                        });
            }
            batch.execute();
            if (!failures.isEmpty()) {
                throw new IOException("Gmail did not return " + failures.size() + " of " + ids.size()
                        + " messages of a page (first: " + failures.get(0) + ")");
            }
            List<Message> out = new ArrayList<>();
            for (String id : ids) {
                if (got.containsKey(id)) {
                    out.add(got.get(id));
                }
            }
            return out;
        }
    }

    static Capture capture(long userId, Message m) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (m.getPayload() != null && m.getPayload().getHeaders() != null) {
            for (MessagePartHeader h : m.getPayload().getHeaders()) {
                // Gmail spells some names in the sender's case (Message-Id); the first of each name wins.
                headers.putIfAbsent(h.getName().toLowerCase(Locale.ROOT), h.getValue());
            }
        }
        List<Party> from = AddressList.parties(headers.get("from"));
        Map<String, String> kept = new LinkedHashMap<>();
        for (String name : List.of("in-reply-to", "references", "list-id", "list-unsubscribe", "list-post", "precedence",
                "auto-submitted")) {
            if (headers.containsKey(name)) {
                kept.put(name, headers.get(name));
            }
        }
        return new Capture(Capture.Source.GMAIL_SYNC, userId, headers.get("message-id"), m.getId(), m.getThreadId(),
                headers.get("subject"), m.getInternalDate() == null ? null : Instant.ofEpochMilli(m.getInternalDate()),
                from.isEmpty() ? Party.raw(headers.getOrDefault("from", "")) : from.get(0),
                AddressList.parties(headers.get("to")), AddressList.parties(headers.get("cc")), null, m.getSnippet(),
                kept, false);
    }

    /** One page of People results, whichever list it came from. */
    private record PeoplePage(List<Person> people, String nextPageToken, String nextSyncToken) {
    }

    private interface PeopleCall {
        PeoplePage fetch(String syncToken, String pageToken) throws IOException;
    }

    private void contacts(RoundWriter writer, String stream, PeopleCall call) throws IOException {
        try {
            contactsFrom(writer, stream, call, writer.cursor(stream));
        } catch (GoogleJsonResponseException e) {
            if (!isExpiredSyncToken(e)) {
                throw e;
            }
            writer.reset(stream);
            contactsFrom(writer, stream, call, Optional.empty());
        }
    }

    private static void contactsFrom(RoundWriter writer, String stream, PeopleCall call, Optional<SyncCursorRow> cursor)
            throws IOException {
        String syncToken = cursor.map(c -> "complete".equals(c.kind()) ? c.cursor() : c.roundMark()).orElse(null);
        String pageToken = cursor.filter(c -> "page".equals(c.kind())).map(SyncCursorRow::cursor).orElse(null);
        long number = 0;
        while (true) {
            PeoplePage page = call.fetch(syncToken, pageToken);
            List<ContactRecord> records = new ArrayList<>();
            if (page.people() != null) {
                for (Person p : page.people()) {
                    boolean deleted = p.getMetadata() != null && Boolean.TRUE.equals(p.getMetadata().getDeleted());
                    if (!deleted) {
                        records.add(record(++number, p));
                    }
                }
            }
            pageToken = page.nextPageToken();
            Cursor next = pageToken != null ? Cursor.page(pageToken, syncToken)
                    : page.nextSyncToken() != null ? Cursor.complete(page.nextSyncToken()) : null;
            writer.contacts(stream, records, next);
            if (pageToken == null) {
                return;
            }
        }
    }

    /** People answers an expired sync token with 410, or 400 FAILED_PRECONDITION naming EXPIRED_SYNC_TOKEN. */
    private static boolean isExpiredSyncToken(GoogleJsonResponseException e) {
        String text = e.getDetails() == null ? "" : String.valueOf(e.getDetails());
        return e.getStatusCode() == 410 || (e.getStatusCode() == 400 && text.contains("EXPIRED_SYNC_TOKEN"));
    }

    static ContactRecord record(long number, Person p) {
        String name = p.getNames() == null || p.getNames().isEmpty() ? null : p.getNames().get(0).getDisplayName();
        List<ContactRecord.Value> emails = new ArrayList<>();
        if (p.getEmailAddresses() != null) {
            int i = 0;
            for (var e : p.getEmailAddresses()) {
                i++;
                if (e.getValue() != null) {
                    emails.add(new ContactRecord.Value("emailAddresses[" + i + "]", e.getValue()));
                }
            }
        }
        List<String> phones = new ArrayList<>();
        if (p.getPhoneNumbers() != null) {
            p.getPhoneNumbers().stream().filter(n -> n.getValue() != null).forEach(n -> phones.add(n.getValue()));
        }
        String org = null;
        String title = null;
        if (p.getOrganizations() != null && !p.getOrganizations().isEmpty()) {
            org = p.getOrganizations().get(0).getName();
            title = p.getOrganizations().get(0).getTitle();
        }
        return new ContactRecord(number, "Google contact " + p.getResourceName(), name == null || name.isBlank() ? null
                : name.strip(), false, emails, phones, title, org, List.of(), null);
    }
}
