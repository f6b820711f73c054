package org.unsilo.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.unsilo.common.InvalidFieldException;

class AddinUrlsTest {

    @Test
    void httpsBaseWithPortAndPathKeepsBothAndDropsTrailingSlashes() {
        AddinUrls urls = AddinUrls.of("https://CRM.Example.com:8443/unsilo//");

        assertThat(urls.base()).isEqualTo("https://crm.example.com:8443/unsilo");
        assertThat(urls.origin()).isEqualTo("https://crm.example.com:8443");
        assertThat(urls.authority()).isEqualTo("crm.example.com:8443");
        assertThat(urls.taskpane()).isEqualTo("https://crm.example.com:8443/unsilo/addin/taskpane.html");
        assertThat(urls.icon(80)).isEqualTo("https://crm.example.com:8443/unsilo/addin/assets/icon-80.png");
        assertThat(urls.gmailContextual()).isEqualTo("https://crm.example.com:8443/unsilo/gmail/contextual");
    }

    @ParameterizedTest
    @CsvSource({
            "http://localhost:3000, localhost:3000",
            "http://127.0.0.1:8080/, 127.0.0.1:8080",
            "http://[::1]:8080, [::1]:8080",
            "https://unsilo.example.com, unsilo.example.com"})
    void plainHttpIsAcceptedOnThisMachineOnly(String base, String authority) {
        assertThat(AddinUrls.of(base).authority()).isEqualTo(authority);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://crm.example.com", "ftp://crm.example.com", "crm.example.com", "/unsilo", "https://",
            "https://crm.example.com/?a=1", "https://crm.example.com/#top", "https://bob@crm.example.com", "https://crm example.com",
            ""})
    void anythingElseIsRejectedWithTheReason(String base) {
        assertThatThrownBy(() -> AddinUrls.of(base))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("'" + base + "'")
                .hasMessageContaining("cannot be used for the add-ins: ");
    }
}
