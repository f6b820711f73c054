package org.unsilo.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutlookAddinTest {

    @Test
    void withoutAnEntraAppTheManifestsCarryTheAllZeroPlaceholder() {
        OutlookAddin addin = new OutlookAddin(AddinUrls.of("https://crm.example.com"), null);

        assertThat(addin.entraClientId()).isEqualTo("00000000-0000-0000-0000-000000000000");
        assertThat(new OutlookXmlManifest(addin).xml()).contains("<Id>00000000-0000-0000-0000-000000000000</Id>");
        assertThat(new UnifiedManifest(addin).json()).contains("\"id\": \"00000000-0000-0000-0000-000000000000\"");
    }

    @Test
    void entraResourceIsTheApplicationIdUriOnTheAddinHost() {
        OutlookAddin addin = new OutlookAddin(AddinUrls.of("https://crm.example.com:8443/unsilo"),
                "3f2504e0-4f89-11d3-9a0c-0305e82c3301");

        assertThat(addin.entraResource()).isEqualTo("api://crm.example.com:8443/3f2504e0-4f89-11d3-9a0c-0305e82c3301");
    }

    @Test
    void addinIdIsStableForOneServerAndDifferentForAnother() {
        String id = new OutlookAddin(AddinUrls.of("https://crm.example.com"), null).addinId();

        assertThat(new OutlookAddin(AddinUrls.of("https://crm.example.com/"), "3f2504e0-4f89-11d3-9a0c-0305e82c3301").addinId())
                .isEqualTo(id);
        assertThat(new OutlookAddin(AddinUrls.of("https://test.crm.example.com"), null).addinId()).isNotEqualTo(id);
        assertThat(id).matches("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");
    }
}
