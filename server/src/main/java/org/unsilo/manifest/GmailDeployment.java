package org.unsilo.manifest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The Google Workspace add-on deployment ({@code deployment.json} for
 * {@code gcloud workspace-add-ons deployments create}): an HTTP-runtime add-on for Gmail whose homepage,
 * message-open and compose triggers all call this server.
 */
public final class GmailDeployment {

    /**
     * The least Gmail lets the add-on do its job; see addin-manifest/README.md for what each one is for.
     * {@code current.action.compose} is there only because Google requires it of every add-on with a compose
     * trigger, even one that never edits the draft (as ours does not).
     */
    static final List<String> OAUTH_SCOPES = List.of(
            "https://www.googleapis.com/auth/gmail.addons.execute",
            "https://www.googleapis.com/auth/gmail.addons.current.message.metadata",
            "https://www.googleapis.com/auth/gmail.addons.current.message.readonly",
            "https://www.googleapis.com/auth/gmail.addons.current.action.compose",
            "https://www.googleapis.com/auth/userinfo.email");

    private final AddinUrls urls;

    public GmailDeployment(AddinUrls urls) {
        this.urls = urls;
    }

    public String json() {
        ObjectNode d = ManifestJson.object();
        OAUTH_SCOPES.forEach(d.putArray("oauthScopes")::add);
        ObjectNode addOns = d.putObject("addOns");
        ObjectNode common = addOns.putObject("common");
        common.put("name", AddinText.NAME);
        common.put("logoUrl", urls.icon(128));
        common.putObject("homepageTrigger").put("runFunction", urls.gmailHomepage());
        ObjectNode gmail = addOns.putObject("gmail");
        gmail.putArray("contextualTriggers").addObject()
                .put("onTriggerFunction", urls.gmailContextual())
                .putObject("unconditional");
        ObjectNode compose = gmail.putObject("composeTrigger");
        compose.putArray("actions").addObject()
                .put("runFunction", urls.gmailCompose())
                .put("label", AddinText.NAME)
                .put("logoUrl", urls.icon(128));
        // METADATA: the compose event then carries the draft's To/Cc, which is all the compose card looks up.
        compose.put("draftAccess", "METADATA");
        // The server checks this Google-signed token of the add-on's service account on every call.
        addOns.putObject("httpOptions").put("authorizationHeader", "SYSTEM_ID_TOKEN");
        return ManifestJson.write(d);
    }
}
