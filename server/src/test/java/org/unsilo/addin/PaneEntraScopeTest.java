package org.unsilo.addin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.unsilo.config.ConfigLoader;
import org.unsilo.manifest.AddinUrls;
import org.unsilo.manifest.OutlookAddin;
import org.unsilo.manifest.OutlookXmlManifest;
import org.unsilo.testing.TestServer;

/**
 * The pane asks Entra for a token on the Application ID URI the deployed manifest names as its resource, which is the
 * one the deployment guide has the admin register: any other scope would not exist in the tenant.
 */
class PaneEntraScopeTest {

    private static final String CLIENT_ID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    private static final String BASE = "https://crm.acme.test:8443/unsilo";

    @Test
    void thePaneAsksForTheScopeOfTheManifestsResource() {
        String xml = new OutlookXmlManifest(new OutlookAddin(AddinUrls.of(BASE), CLIENT_ID)).xml();
        Matcher resource = Pattern.compile("<Resource>([^<]+)</Resource>").matcher(xml);
        assertThat(resource.find()).as("manifest.xml names its Entra resource").isTrue();

        try (TestServer server = TestServer.start(Map.of(ConfigLoader.BASE_URL, BASE,
                ConfigLoader.ENTRA_CLIENT_ID, CLIENT_ID, ConfigLoader.ENTRA_TENANTS, "72f988bf-86f1-41af-91ab-2d7cd011db47"))) {
            String scope = server.get("/addin/config.json", null).json().path("entraScope").asText();

            assertThat(resource.group(1)).isEqualTo("api://crm.acme.test:8443/" + CLIENT_ID);
            assertThat(scope).isEqualTo(resource.group(1) + "/access_as_user");
        }
    }

    @Test
    void aBaseUrlNoAddinCanUseStillServesAndThePaneOffersTokensOnly() {
        try (TestServer server = TestServer.start(Map.of(ConfigLoader.BASE_URL, "http://crm.internal.test",
                ConfigLoader.ENTRA_CLIENT_ID, CLIENT_ID, ConfigLoader.ENTRA_TENANTS, "72f988bf-86f1-41af-91ab-2d7cd011db47"))) {
            var settings = server.get("/addin/config.json", null).json();
            assertThat(settings.path("entraClientId").isNull()).as("%s", settings).isTrue();
            assertThat(settings.path("entraScope").isNull()).isTrue();
        }
    }

    @Test
    void withoutEntraThePaneAsksForNoScope() {
        try (TestServer server = TestServer.start()) {
            assertThat(server.get("/addin/config.json", null).json().path("entraScope").isNull()).isTrue();
        }
    }
}
