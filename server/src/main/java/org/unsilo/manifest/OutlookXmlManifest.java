package org.unsilo.manifest;

import java.io.StringWriter;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The add-in-only XML manifest (OfficeApp 1.1, {@code MailApp}) for Outlook: a task pane in the read and the
 * compose form, opened from a ribbon button, with version overrides 1.0 (add-in commands, Mailbox 1.3) and
 * 1.1 (pinnable pane and Entra SSO, Mailbox 1.5).
 *
 * <p>"Log when sent" (event-based activation on OnMessageSend, Mailbox 1.12) is only in the unified
 * manifest: the official OfficeApp XSDs have no {@code LaunchEvent} extension point, so an XML manifest
 * carrying it could not be checked against them.
 */
public final class OutlookXmlManifest {

    static final String APP_NS = "http://schemas.microsoft.com/office/appforoffice/1.1";
    static final String BT_NS = "http://schemas.microsoft.com/office/officeappbasictypes/1.0";
    static final String OVERRIDES_1_0_NS = "http://schemas.microsoft.com/office/mailappversionoverrides";
    static final String OVERRIDES_1_1_NS = "http://schemas.microsoft.com/office/mailappversionoverrides/1.1";
    private static final String XSI_NS = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;

    private static final String TASKPANE_URL = "Taskpane.Url";
    private static final String COMMANDS_URL = "Commands.Url";
    private static final String GROUP_LABEL = "Group.Label";
    private static final String BUTTON_LABEL = "TaskpaneButton.Label";
    private static final String BUTTON_TOOLTIP = "TaskpaneButton.Tooltip";

    private final OutlookAddin addin;

    public OutlookXmlManifest(OutlookAddin addin) {
        this.addin = addin;
    }

    /** The manifest as UTF-8 XML text, indented, ending with a newline. */
    public String xml() {
        Document doc = newDocument();
        AddinUrls urls = addin.urls();
        Element app = doc.createElementNS(APP_NS, "OfficeApp");
        doc.appendChild(app);
        app.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:xsi", XSI_NS);
        app.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:bt", BT_NS);
        type(app, "MailApp");

        text(app, APP_NS, "Id", addin.addinId());
        text(app, APP_NS, "Version", OutlookAddin.VERSION + ".0");
        text(app, APP_NS, "ProviderName", AddinText.PROVIDER);
        text(app, APP_NS, "DefaultLocale", "en-US");
        defaultValue(app, "DisplayName", AddinText.NAME);
        defaultValue(app, "Description", AddinText.SHORT_DESCRIPTION);
        defaultValue(app, "IconUrl", urls.icon(64));
        defaultValue(app, "HighResolutionIconUrl", urls.icon(128));
        defaultValue(app, "SupportUrl", urls.help());
        text(child(app, APP_NS, "AppDomains"), APP_NS, "AppDomain", urls.origin());
        child(child(app, APP_NS, "Hosts"), APP_NS, "Host").setAttribute("Name", "Mailbox");
        Element sets = child(child(app, APP_NS, "Requirements"), APP_NS, "Sets");
        Element set = child(sets, APP_NS, "Set");
        set.setAttribute("Name", "Mailbox");
        set.setAttribute("MinVersion", "1.1");

        Element forms = child(app, APP_NS, "FormSettings");
        Element read = child(forms, APP_NS, "Form");
        type(read, "ItemRead");
        Element readDesktop = child(read, APP_NS, "DesktopSettings");
        defaultValue(readDesktop, "SourceLocation", urls.taskpane());
        text(readDesktop, APP_NS, "RequestedHeight", "250");
        Element edit = child(forms, APP_NS, "Form");
        type(edit, "ItemEdit");
        defaultValue(child(edit, APP_NS, "DesktopSettings"), "SourceLocation", urls.taskpane());

        text(app, APP_NS, "Permissions", "ReadWriteItem");
        Element rules = child(app, APP_NS, "Rule");
        type(rules, "RuleCollection");
        rules.setAttribute("Mode", "Or");
        for (String form : new String[] {"Read", "Edit"}) {
            Element rule = child(rules, APP_NS, "Rule");
            type(rule, "ItemIs");
            rule.setAttribute("ItemType", "Message");
            rule.setAttribute("FormType", form);
        }
        text(app, APP_NS, "DisableEntityHighlighting", "false");

        Element v10 = versionOverrides(app, OVERRIDES_1_0_NS, "VersionOverridesV1_0", "1.3", false);
        Element v11 = versionOverrides(v10, OVERRIDES_1_1_NS, "VersionOverridesV1_1", "1.5", true);
        Element sso = child(v11, OVERRIDES_1_1_NS, "WebApplicationInfo");
        text(sso, OVERRIDES_1_1_NS, "Id", addin.entraClientId());
        text(sso, OVERRIDES_1_1_NS, "Resource", addin.entraResource());
        Element scopes = child(sso, OVERRIDES_1_1_NS, "Scopes");
        text(scopes, OVERRIDES_1_1_NS, "Scope", "openid");
        text(scopes, OVERRIDES_1_1_NS, "Scope", "profile");
        return serialise(doc);
    }

    /** One VersionOverrides level: requirements, the read and compose buttons, and their resources. */
    private Element versionOverrides(Element parent, String ns, String xsiType, String mailboxVersion, boolean pinnable) {
        Element overrides = child(parent, ns, "VersionOverrides");
        overrides.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns", ns);
        type(overrides, xsiType);

        Element sets = child(child(overrides, ns, "Requirements"), BT_NS, "bt:Sets");
        sets.setAttribute("DefaultMinVersion", mailboxVersion);
        child(sets, BT_NS, "bt:Set").setAttribute("Name", "Mailbox");

        Element host = child(child(overrides, ns, "Hosts"), ns, "Host");
        type(host, "MailHost");
        Element desktop = child(host, ns, "DesktopFormFactor");
        child(desktop, ns, "FunctionFile").setAttribute("resid", COMMANDS_URL);
        commandSurface(desktop, ns, "MessageReadCommandSurface", "msgRead", pinnable);
        commandSurface(desktop, ns, "MessageComposeCommandSurface", "msgCompose", pinnable);

        AddinUrls urls = addin.urls();
        Element resources = child(overrides, ns, "Resources");
        Element images = child(resources, BT_NS, "bt:Images");
        for (int size : OutlookAddin.RIBBON_ICON_SIZES) {
            resource(images, "bt:Image", iconId(size), urls.icon(size));
        }
        Element links = child(resources, BT_NS, "bt:Urls");
        resource(links, "bt:Url", COMMANDS_URL, urls.commands());
        resource(links, "bt:Url", TASKPANE_URL, urls.taskpane());
        Element shortStrings = child(resources, BT_NS, "bt:ShortStrings");
        resource(shortStrings, "bt:String", GROUP_LABEL, AddinText.GROUP_LABEL);
        resource(shortStrings, "bt:String", BUTTON_LABEL, AddinText.BUTTON_LABEL);
        resource(child(resources, BT_NS, "bt:LongStrings"), "bt:String", BUTTON_TOOLTIP, AddinText.BUTTON_TOOLTIP);
        return overrides;
    }

    private static void commandSurface(Element desktop, String ns, String surface, String prefix, boolean pinnable) {
        Element point = child(desktop, ns, "ExtensionPoint");
        type(point, surface);
        Element tab = child(point, ns, "OfficeTab");
        tab.setAttribute("id", "TabDefault");
        Element group = child(tab, ns, "Group");
        group.setAttribute("id", prefix + "Group");
        child(group, ns, "Label").setAttribute("resid", GROUP_LABEL);
        Element button = child(group, ns, "Control");
        type(button, "Button");
        button.setAttribute("id", prefix + "OpenPaneButton");
        child(button, ns, "Label").setAttribute("resid", BUTTON_LABEL);
        Element tip = child(button, ns, "Supertip");
        child(tip, ns, "Title").setAttribute("resid", BUTTON_LABEL);
        child(tip, ns, "Description").setAttribute("resid", BUTTON_TOOLTIP);
        Element icon = child(button, ns, "Icon");
        for (int size : OutlookAddin.RIBBON_ICON_SIZES) {
            Element image = child(icon, BT_NS, "bt:Image");
            image.setAttribute("size", Integer.toString(size));
            image.setAttribute("resid", iconId(size));
        }
        Element action = child(button, ns, "Action");
        type(action, "ShowTaskpane");
        child(action, ns, "SourceLocation").setAttribute("resid", TASKPANE_URL);
        if (pinnable) {
            text(action, ns, "SupportsPinning", "true");
        }
    }

    private static String iconId(int size) {
        return "Icon." + size + "x" + size;
    }

    private static void resource(Element parent, String qualifiedName, String id, String value) {
        Element e = child(parent, BT_NS, qualifiedName);
        e.setAttribute("id", id);
        e.setAttribute("DefaultValue", value);
    }

    private static void defaultValue(Element parent, String name, String value) {
        child(parent, APP_NS, name).setAttribute("DefaultValue", value);
    }

    private static void text(Element parent, String ns, String name, String value) {
        child(parent, ns, name).setTextContent(value);
    }

    private static Element child(Element parent, String ns, String qualifiedName) {
        Element e = parent.getOwnerDocument().createElementNS(ns, qualifiedName);
        parent.appendChild(e);
        return e;
    }

    private static void type(Element e, String xsiType) {
        e.setAttributeNS(XSI_NS, "xsi:type", xsiType);
    }

    private static Document newDocument() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser is not configured", e);
        }
    }

    private static String serialise(Document doc) {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            // The JDK writes its declaration and the root element on one line; write our own instead.
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            StringWriter out = new StringWriter();
            out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString().strip() + "\n";
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write the manifest XML", e);
        }
    }
}
