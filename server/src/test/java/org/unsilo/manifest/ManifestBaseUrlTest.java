package org.unsilo.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Moving the server moves the add-ins: every URL in both Outlook manifests and in the Gmail deployment is
 * built from the base URL, so generating for another base leaves nothing of the default host behind.
 */
class ManifestBaseUrlTest {

    /** The base the checked-in files in addin-manifest/ are generated for. */
    private static final String DEFAULT_BASE = "https://unsilo.example.com";
    private static final String MOVED_BASE = "https://crm.acme.test:8443/unsilo";
    private static final String OTHER_BASE = "https://other.example.org/x/y";
    private static final String CLIENT_ID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    private static final Pattern URL = Pattern.compile("[a-z]+://[^\\s\"'<>]+");
    /** Not ours to move: XML namespaces, the JSON schema's address, Google's OAuth scope names. */
    private static final List<String> FIXED = List.of("http://schemas.microsoft.com/office/", "http://www.w3.org/",
            "https://developer.microsoft.com/json-schemas/", "https://www.googleapis.com/auth/");

    @Test
    void noUrlOfTheDefaultHostRemains() {
        for (Generator g : generators()) {
            assertThat(g.generate(DEFAULT_BASE)).as(g.name()).contains("unsilo.example.com");
            String moved = g.generate(MOVED_BASE);

            assertThat(moved).as(g.name()).doesNotContain("unsilo.example.com");
            assertThat(ours(moved)).as(g.name()).isNotEmpty()
                    .allMatch(url -> url.startsWith("https://crm.acme.test:8443") || url.startsWith("api://crm.acme.test:8443/"));
        }
    }

    @Test
    void theSameUrlsAreThereOnAnyBase() {
        for (Generator g : generators()) {
            Set<String> here = relative(g.generate(MOVED_BASE), MOVED_BASE, "https://crm.acme.test:8443", "api://crm.acme.test:8443");
            Set<String> there = relative(g.generate(OTHER_BASE), OTHER_BASE, "https://other.example.org", "api://other.example.org");

            assertThat(here).as(g.name()).isEqualTo(there).noneMatch(u -> u.contains("://"));
        }
    }

    @Test
    void theUrlContractOfTheServerIsInTheManifests() {
        String outlook = generators().get(0).generate(MOVED_BASE) + generators().get(1).generate(MOVED_BASE);
        String gmail = generators().get(2).generate(MOVED_BASE);

        assertThat(outlook).contains(MOVED_BASE + "/addin/taskpane.html", MOVED_BASE + "/addin/commands.html",
                MOVED_BASE + "/addin/launchevent.html", MOVED_BASE + "/addin/launchevent.js", MOVED_BASE + "/help",
                MOVED_BASE + "/addin/assets/icon-16.png", MOVED_BASE + "/addin/assets/icon-32.png",
                MOVED_BASE + "/addin/assets/icon-64.png", MOVED_BASE + "/addin/assets/icon-80.png",
                MOVED_BASE + "/addin/assets/icon-128.png", "api://crm.acme.test:8443/" + CLIENT_ID);
        assertThat(gmail).contains(MOVED_BASE + "/gmail/homepage", MOVED_BASE + "/gmail/contextual",
                MOVED_BASE + "/gmail/compose", MOVED_BASE + "/addin/assets/icon-128.png");
    }

    /** Every URL in the text that is not {@link #FIXED}. */
    private static List<String> ours(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = URL.matcher(text);
        while (m.find()) {
            if (FIXED.stream().noneMatch(m.group()::startsWith)) {
                out.add(m.group());
            }
        }
        return out;
    }

    /** {@link #ours} with the base, the origin or the Entra origin cut off; a URL on any other host stays whole. */
    private static Set<String> relative(String text, String base, String origin, String apiOrigin) {
        Set<String> out = new TreeSet<>();
        for (String url : ours(text)) {
            if (url.startsWith(base)) {
                out.add("base:" + url.substring(base.length()));
            } else if (url.startsWith(origin)) {
                out.add("origin:" + url.substring(origin.length()));
            } else if (url.startsWith(apiOrigin)) {
                out.add("api:" + url.substring(apiOrigin.length()));
            } else {
                out.add(url);
            }
        }
        return out;
    }

    private record Generator(String name, java.util.function.Function<String, String> fromBase) {
        String generate(String base) {
            return fromBase.apply(base);
        }
    }

    private static List<Generator> generators() {
        return List.of(
                new Generator("manifest.xml", b -> new OutlookXmlManifest(new OutlookAddin(AddinUrls.of(b), CLIENT_ID)).xml()),
                new Generator("manifest.json", b -> new UnifiedManifest(new OutlookAddin(AddinUrls.of(b), CLIENT_ID)).json()),
                new Generator("deployment.json", b -> new GmailDeployment(AddinUrls.of(b)).json()));
    }
}
