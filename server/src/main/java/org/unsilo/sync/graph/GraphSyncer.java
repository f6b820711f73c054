package org.unsilo.sync.graph;

import com.microsoft.graph.models.BaseDeltaFunctionResponse;
import com.microsoft.graph.models.Contact;
import com.microsoft.graph.models.EmailAddress;
import com.microsoft.graph.models.Message;
import com.microsoft.graph.models.Recipient;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.unsilo.capture.Capture;
import org.unsilo.capture.Party;
import org.unsilo.importer.ImportProgress;
import org.unsilo.importer.contacts.ContactRecord;
import org.unsilo.store.SyncCursorRow;
import org.unsilo.sync.AccessTokens;
import org.unsilo.sync.Cursor;
import org.unsilo.sync.MailboxSyncer;
import org.unsilo.sync.RoundWriter;

/**
 * Microsoft Graph with the Graph SDK: a message delta per chosen mail folder (Inbox and Sent Items by default) and a
 * contacts delta. Pages follow {@code @odata.nextLink}; the {@code @odata.deltaLink} of the last page is stored with
 * that page and starts the next round. A {@code 410 Gone} (the delta token expired) restarts that folder's round
 * from scratch; what is captured again is recognised by the capture path, so nothing is stored twice. 429/503/504
 * are retried by the SDK's retry handler, which honours {@code Retry-After} with a bounded number of attempts.
 */
public final class GraphSyncer implements MailboxSyncer {

    /** What capture needs, nothing more: Mail.ReadBasic gives no bodies anyway. */
    static final String[] MESSAGE_FIELDS = {"id", "internetMessageId", "conversationId", "subject", "from", "sender",
            "toRecipients", "ccRecipients", "sentDateTime", "receivedDateTime", "isDraft"};
    static final String[] CONTACT_FIELDS = {"id", "displayName", "emailAddresses", "companyName", "jobTitle",
            "businessPhones", "mobilePhone", "homePhones"};

    private final String baseUrl;

    public GraphSyncer(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    @Override
    public void sync(RoundWriter writer, AccessTokens tokens, ImportProgress progress) {
        GraphServiceClient graph = client(tokens);
        progress.start("Syncing Microsoft 365 mailbox", -1, 0);
        for (String folder : writer.folders()) {
            String stream = "mail:" + folder;
            deltaWithRestart(writer, stream, () -> messagesRound(graph, writer, stream, folder));
        }
        deltaWithRestart(writer, "contacts", () -> contactsRound(graph, writer));
    }

    /** A 410 on a stored delta or page link means the position expired: forget it and list again, once. */
    private static void deltaWithRestart(RoundWriter writer, String stream, Runnable round) {
        try {
            round.run();
        } catch (ApiException e) {
            if (e.getResponseStatusCode() != 410) {
                throw e;
            }
            writer.reset(stream);
            round.run();
        }
    }

    private void messagesRound(GraphServiceClient graph, RoundWriter writer, String stream, String folder) {
        var delta = graph.me().mailFolders().byMailFolderId(folder).messages().delta();
        Optional<SyncCursorRow> cursor = writer.cursor(stream);
        var page = cursor.isPresent() ? delta.withUrl(cursor.get().cursor()).get()
                : delta.get(rc -> rc.queryParameters.select = MESSAGE_FIELDS);
        while (true) {
            List<Capture> captures = new ArrayList<>();
            int removed = 0;
            for (Message m : page.getValue()) {
                if (isRemoved(m.getAdditionalData())) {
                    removed++;
                } else if (!Boolean.TRUE.equals(m.getIsDraft())) {
                    captures.add(capture(writer.connection().userId(), m));
                }
            }
            Cursor next = next(page);
            writer.messages(stream, captures, removed, next);
            if (next == null || !next.isPage()) {
                return;
            }
            page = delta.withUrl(next.value()).get();
        }
    }

    private void contactsRound(GraphServiceClient graph, RoundWriter writer) {
        var delta = graph.me().contacts().delta();
        Optional<SyncCursorRow> cursor = writer.cursor("contacts");
        var page = cursor.isPresent() ? delta.withUrl(cursor.get().cursor()).get()
                : delta.get(rc -> rc.queryParameters.select = CONTACT_FIELDS);
        long number = 0;
        while (true) {
            List<ContactRecord> records = new ArrayList<>();
            for (Contact c : page.getValue()) {
                if (!isRemoved(c.getAdditionalData())) {
                    records.add(record(++number, c));
                }
            }
            Cursor next = next(page);
            writer.contacts("contacts", records, next);
            if (next == null || !next.isPage()) {
                return;
            }
            page = delta.withUrl(next.value()).get();
        }
    }

    private static Cursor next(BaseDeltaFunctionResponse page) {
        if (page.getOdataNextLink() != null) {
            return Cursor.page(page.getOdataNextLink(), null);
        }
        return page.getOdataDeltaLink() != null ? Cursor.complete(page.getOdataDeltaLink()) : null;
    }

    /** Delta marks deleted items with {@code @removed}; the SDK keeps unknown annotations as additional data. */
    private static boolean isRemoved(Map<String, Object> additional) {
        return additional != null && additional.containsKey("@removed");
    }

    static Capture capture(long userId, Message m) {
        Recipient sender = m.getFrom() != null ? m.getFrom() : m.getSender();
        OffsetDateTime when = m.getSentDateTime() != null ? m.getSentDateTime() : m.getReceivedDateTime();
        return new Capture(Capture.Source.GRAPH_SYNC, userId, m.getInternetMessageId(), m.getId(), m.getConversationId(),
                m.getSubject(), when == null ? null : when.toInstant(), party(sender), parties(m.getToRecipients()),
                parties(m.getCcRecipients()), null, null, Map.of(), false);
    }

    private static List<Party> parties(List<Recipient> recipients) {
        List<Party> out = new ArrayList<>();
        if (recipients != null) {
            for (Recipient r : recipients) {
                Party p = party(r);
                if (p != null) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static Party party(Recipient r) {
        if (r == null || r.getEmailAddress() == null) {
            return null;
        }
        EmailAddress a = r.getEmailAddress();
        return Party.of(a.getAddress(), a.getName());
    }

    static ContactRecord record(long number, Contact c) {
        List<ContactRecord.Value> emails = new ArrayList<>();
        if (c.getEmailAddresses() != null) {
            int i = 0;
            for (EmailAddress a : c.getEmailAddresses()) {
                i++;
                if (a.getAddress() != null) {
                    emails.add(new ContactRecord.Value("emailAddresses[" + i + "]", a.getAddress()));
                }
            }
        }
        List<String> phones = new ArrayList<>();
        if (c.getBusinessPhones() != null) {
            phones.addAll(c.getBusinessPhones());
        }
        if (c.getMobilePhone() != null) {
            phones.add(c.getMobilePhone());
        }
        if (c.getHomePhones() != null) {
            phones.addAll(c.getHomePhones());
        }
        String name = c.getDisplayName() == null || c.getDisplayName().isBlank() ? null : c.getDisplayName().strip();
        return new ContactRecord(number, "Outlook contact " + c.getId(), name, false, emails, phones,
                blankToNull(c.getJobTitle()), blankToNull(c.getCompanyName()), List.of(), null);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private GraphServiceClient client(AccessTokens tokens) {
        String host = URI.create(baseUrl).getHost();
        AccessTokenProvider provider = new AccessTokenProvider() {
            @Override
            public String getAuthorizationToken(URI uri, Map<String, Object> context) {
                return tokens.currentUnchecked();
            }

            @Override
            public AllowedHostsValidator getAllowedHostsValidator() {
                return new AllowedHostsValidator(host);
            }
        };
        GraphServiceClient graph = new GraphServiceClient(new BaseBearerTokenAuthenticationProvider(provider));
        graph.getRequestAdapter().setBaseUrl(baseUrl);
        return graph;
    }
}
