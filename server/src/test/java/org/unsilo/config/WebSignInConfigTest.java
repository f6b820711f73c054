package org.unsilo.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The web view's OIDC settings: off by default, endpoints derived from the tenants, secrets never printed. */
class WebSignInConfigTest {

    private static final String TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad";

    private static Config load(Map<String, String> env) {
        return new ConfigLoader(env).load(null, Map.of());
    }

    @Test
    void offUnlessConfigured() {
        Config.WebSignIn web = load(Map.of()).webSignIn();
        assertThat(web.entra().enabled()).isFalse();
        assertThat(web.google().enabled()).isFalse();
        assertThat(web.google().authorizationUrl()).isEqualTo("https://accounts.google.com/o/oauth2/v2/auth");
        assertThat(web.google().tokenUrl()).isEqualTo("https://oauth2.googleapis.com/token");
    }

    @Test
    void entraEndpointsAreThoseOfTheOnlyTenantOrOfOrganizations() {
        Config one = load(Map.of("UNSILO_WEB_ENTRA_CLIENT_ID", "web-app", "UNSILO_WEB_ENTRA_CLIENT_SECRET", "s3cret",
                "UNSILO_ENTRA_TENANTS", TENANT));
        assertThat(one.webSignIn().entra().enabled()).isTrue();
        assertThat(one.webSignIn().entra().authorizationUrl())
                .isEqualTo("https://login.microsoftonline.com/" + TENANT + "/oauth2/v2.0/authorize");
        Config two = load(Map.of("UNSILO_WEB_ENTRA_CLIENT_ID", "web-app", "UNSILO_WEB_ENTRA_CLIENT_SECRET", "s3cret",
                "UNSILO_ENTRA_TENANTS", TENANT + ",72f988bf-86f1-41af-91ab-2d7cd011db47",
                "UNSILO_ENTRA_AUTHORITY", "http://127.0.0.1:9/stub/"));
        assertThat(two.webSignIn().entra().tokenUrl()).isEqualTo("http://127.0.0.1:9/stub/organizations/oauth2/v2.0/token");
        assertThat(two.toString()).doesNotContain("s3cret");
    }

    @Test
    void halfConfiguredProvidersAreRefusedAtStartup() {
        assertThatThrownBy(() -> load(Map.of("UNSILO_WEB_ENTRA_CLIENT_ID", "web-app", "UNSILO_ENTRA_TENANTS", TENANT)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("UNSILO_WEB_ENTRA_CLIENT_SECRET");
        assertThatThrownBy(() -> load(Map.of("UNSILO_WEB_ENTRA_CLIENT_ID", "web-app", "UNSILO_WEB_ENTRA_CLIENT_SECRET", "s")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("UNSILO_ENTRA_TENANTS");
        assertThatThrownBy(() -> load(Map.of("UNSILO_WEB_GOOGLE_CLIENT_SECRET", "s")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("UNSILO_WEB_GOOGLE_CLIENT_ID");
        assertThatThrownBy(() -> load(Map.of("UNSILO_WEB_GOOGLE_CLIENT_ID", "c", "UNSILO_WEB_GOOGLE_CLIENT_SECRET", "s")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("UNSILO_GOOGLE_WORKSPACE_DOMAINS");
        assertThatThrownBy(() -> load(Map.of("UNSILO_WEB_GOOGLE_TOKEN_URL", "ftp://x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("UNSILO_WEB_GOOGLE_TOKEN_URL");
    }
}
