package org.unsilo.manifest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The unified Microsoft 365 app manifest (schema 1.17) for the Outlook add-in: the same task pane and
 * buttons as the XML manifest, the Entra app for SSO, and "Log when sent" as an OnMessageSend
 * ({@code messageSending}) event handler. Its icons travel beside it in the upload zip.
 */
public final class UnifiedManifest {

    static final String MANIFEST_VERSION = "1.17";
    static final String COLOR_ICON = "color.png";
    static final String OUTLINE_ICON = "outline.png";
    /** The name {@code launchevent.js} registers with {@code Office.actions.associate}. */
    static final String SEND_HANDLER = "onMessageSendHandler";

    private static final String ACCENT_COLOR = "#1F5FBF";
    private static final String SHOW_PANE_ACTION = "showTaskpane";

    private final OutlookAddin addin;

    public UnifiedManifest(OutlookAddin addin) {
        this.addin = addin;
    }

    public String json() {
        AddinUrls urls = addin.urls();
        ObjectNode m = ManifestJson.object();
        m.put("$schema", "https://developer.microsoft.com/json-schemas/teams/v" + MANIFEST_VERSION + "/MicrosoftTeams.schema.json");
        m.put("manifestVersion", MANIFEST_VERSION);
        m.put("version", OutlookAddin.VERSION);
        m.put("id", addin.addinId());
        ObjectNode developer = m.putObject("developer");
        developer.put("name", AddinText.PROVIDER);
        developer.put("websiteUrl", urls.help());
        developer.put("privacyUrl", urls.help() + "#privacy");
        developer.put("termsOfUseUrl", urls.help() + "#terms");
        m.putObject("name").put("short", AddinText.NAME).put("full", AddinText.FULL_NAME);
        m.putObject("description").put("short", AddinText.SHORT_DESCRIPTION).put("full", AddinText.FULL_DESCRIPTION);
        m.putObject("icons").put("outline", OUTLINE_ICON).put("color", COLOR_ICON);
        m.put("accentColor", ACCENT_COLOR);
        m.putArray("validDomains").add(urls.authority());
        m.putObject("webApplicationInfo").put("id", addin.entraClientId()).put("resource", addin.entraResource());
        m.putObject("authorization").putObject("permissions").putArray("resourceSpecific")
                .addObject().put("name", "MailboxItem.ReadWrite.User").put("type", "Delegated");
        m.putArray("extensions").add(extension(urls));
        return ManifestJson.write(m);
    }

    private ObjectNode extension(AddinUrls urls) {
        ObjectNode ext = ManifestJson.object();
        ext.set("requirements", requirements("1.3"));
        ArrayNode runtimes = ext.putArray("runtimes");

        // No requirements of its own: a runtime a client drops would leave the ribbon button without its action.
        ObjectNode pane = runtimes.addObject();
        pane.put("id", "TaskpaneRuntime").put("type", "general");
        pane.putObject("code").put("page", urls.taskpane());
        pane.put("lifetime", "short");
        pane.putArray("actions").addObject().put("id", SHOW_PANE_ACTION).put("type", "openPage").put("pinnable", true);

        ObjectNode events = runtimes.addObject();
        events.set("requirements", requirements("1.12"));
        events.put("id", "LaunchEventRuntime").put("type", "general");
        // Outlook on the web and new Outlook load the page; classic Outlook on Windows runs the script alone.
        events.putObject("code").put("page", urls.launchEventPage()).put("script", urls.launchEventScript());
        events.put("lifetime", "short");
        events.putArray("actions").addObject().put("id", SEND_HANDLER).put("type", "executeFunction");

        ObjectNode ribbon = ext.putArray("ribbons").addObject();
        ribbon.putArray("contexts").add("mailRead").add("mailCompose");
        ObjectNode group = ribbon.putArray("tabs").addObject().put("builtInTabId", "TabDefault")
                .putArray("groups").addObject();
        group.put("id", "unsiloGroup").put("label", AddinText.GROUP_LABEL);
        group.set("icons", icons(urls));
        ObjectNode button = group.putArray("controls").addObject();
        button.put("id", "openPaneButton").put("type", "button").put("label", AddinText.BUTTON_LABEL);
        button.set("icons", icons(urls));
        button.putObject("supertip").put("title", AddinText.BUTTON_LABEL).put("description", AddinText.BUTTON_TOOLTIP);
        button.put("actionId", SHOW_PANE_ACTION);

        ObjectNode autoRun = ext.putArray("autoRunEvents").addObject();
        autoRun.set("requirements", requirements("1.12"));
        // promptUser: when the handler cannot run, Outlook offers "Send anyway"; logging never blocks a send.
        autoRun.putArray("events").addObject().put("type", "messageSending").put("actionId", SEND_HANDLER)
                .putObject("options").put("sendMode", "promptUser");
        return ext;
    }

    private static ObjectNode requirements(String mailboxVersion) {
        ObjectNode r = ManifestJson.object();
        r.putArray("capabilities").addObject().put("name", "Mailbox").put("minVersion", mailboxVersion);
        r.putArray("scopes").add("mail");
        return r;
    }

    private static ArrayNode icons(AddinUrls urls) {
        ArrayNode icons = ManifestJson.array();
        for (int size : OutlookAddin.RIBBON_ICON_SIZES) {
            icons.addObject().put("size", size).put("url", urls.icon(size));
        }
        return icons;
    }
}
