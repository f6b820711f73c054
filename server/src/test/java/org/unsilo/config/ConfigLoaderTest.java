package org.unsilo.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    private static final Map<String, String> NO_ENV = Map.of();
    private static final Map<String, String> NO_FLAGS = Map.of();

    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        Path f = dir.resolve("unsilo-" + System.nanoTime() + ".properties");
        Files.writeString(f, content);
        return f;
    }

    @Test
    void defaultsWhenNothingIsSet() {
        Config c = new ConfigLoader(NO_ENV).load(null, NO_FLAGS);

        Path data = Path.of("./data").toAbsolutePath().normalize();
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.bind()).isEqualTo("127.0.0.1");
        assertThat(c.baseUrl()).isEqualTo("http://127.0.0.1:8080");
        assertThat(c.dataDir()).isEqualTo(data);
        assertThat(c.dbUrl()).isEqualTo("jdbc:sqlite:" + data.resolve("unsilo.db"));
        assertThat(c.isSqlite()).isTrue();
        assertThat(c.internalDomains()).isEmpty();
        assertThat(c.capturePolicy()).isEqualTo(Config.CapturePolicy.SNIPPET);
        assertThat(c.strengthHalfLife()).isEqualTo(Duration.ofDays(90));
        assertThat(c.maxRequestBytes()).isEqualTo(2 * 1024 * 1024);
        assertThat(c.entra().clientId()).as("no Entra app registered").isNull();
    }

    @Test
    void databaseFollowsTheDataDirectoryAndBaseUrlFollowsThePort() {
        Config c = new ConfigLoader(Map.of("UNSILO_DATA_DIR", dir.toString(), "UNSILO_PORT", "9123")).load(null, NO_FLAGS);

        assertThat(c.dataDir()).isEqualTo(dir.toAbsolutePath().normalize());
        assertThat(c.dbUrl()).isEqualTo("jdbc:sqlite:" + dir.toAbsolutePath().normalize().resolve("unsilo.db"));
        assertThat(c.baseUrl()).isEqualTo("http://127.0.0.1:9123");
    }

    @Test
    void explicitDatabaseUrlAndBaseUrlWin() {
        Config c = new ConfigLoader(Map.of(
                "UNSILO_DATA_DIR", dir.toString(),
                "UNSILO_DB_URL", "jdbc:sqlite:" + dir.resolve("other.db"),
                "UNSILO_BASE_URL", "https://crm.example.com/")).load(null, NO_FLAGS);

        assertThat(c.dbUrl()).isEqualTo("jdbc:sqlite:" + dir.resolve("other.db"));
        assertThat(c.baseUrl()).as("trailing slash removed").isEqualTo("https://crm.example.com");
    }

    @Test
    void fileAcceptsEnvironmentVariableNames() throws IOException {
        Path f = file("""
                # comment
                UNSILO_PORT=9001
                UNSILO_BIND = 0.0.0.0
                UNSILO_CAPTURE_POLICY=body
                UNSILO_STRENGTH_HALF_LIFE_DAYS=30
                UNSILO_MAX_REQUEST_BYTES=4096
                """);

        Config c = new ConfigLoader(NO_ENV).load(f, NO_FLAGS);

        assertThat(c.port()).isEqualTo(9001);
        assertThat(c.bind()).isEqualTo("0.0.0.0");
        assertThat(c.capturePolicy()).isEqualTo(Config.CapturePolicy.BODY);
        assertThat(c.strengthHalfLife()).isEqualTo(Duration.ofDays(30));
        assertThat(c.maxRequestBytes()).isEqualTo(4096);
    }

    @Test
    void fileAcceptsDottedLowerCaseNames() throws IOException {
        Path f = file("""
                unsilo.port=9002
                unsilo.bind=10.0.0.1
                unsilo.internal-domains=Example.com
                unsilo.capture_policy=BODY
                unsilo.base.url=https://crm.example.org
                """);

        Config c = new ConfigLoader(NO_ENV).load(f, NO_FLAGS);

        assertThat(c.port()).isEqualTo(9002);
        assertThat(c.bind()).isEqualTo("10.0.0.1");
        assertThat(c.internalDomains()).containsExactly("example.com");
        assertThat(c.capturePolicy()).isEqualTo(Config.CapturePolicy.BODY);
        assertThat(c.baseUrl()).isEqualTo("https://crm.example.org");
    }

    @Test
    void environmentOverridesFile() throws IOException {
        Path f = file("UNSILO_PORT=9001\nunsilo.bind=0.0.0.0\nUNSILO_CAPTURE_POLICY=body\n");

        Config c = new ConfigLoader(Map.of("UNSILO_PORT", "9002", "UNSILO_CAPTURE_POLICY", "snippet")).load(f, NO_FLAGS);

        assertThat(c.port()).isEqualTo(9002);
        assertThat(c.capturePolicy()).isEqualTo(Config.CapturePolicy.SNIPPET);
        assertThat(c.bind()).as("not in the environment, so the file's value stays").isEqualTo("0.0.0.0");
    }

    @Test
    void blankAndForeignEnvironmentVariablesAreIgnored() throws IOException {
        Path f = file("UNSILO_PORT=9001\n");

        Config c = new ConfigLoader(Map.of("UNSILO_PORT", "  ", "PORT", "1234", "unsilo_bind", "0.0.0.0")).load(f, NO_FLAGS);

        assertThat(c.port()).isEqualTo(9001);
        assertThat(c.bind()).isEqualTo("127.0.0.1");
    }

    @Test
    void flagsOverrideEnvironmentAndFile() throws IOException {
        Path f = file("UNSILO_PORT=9001\nUNSILO_DATA_DIR=/from/file\n");
        Map<String, String> env = Map.of("UNSILO_PORT", "9002", "UNSILO_DATA_DIR", "/from/env");

        Config c = new ConfigLoader(env).load(f, Map.of("UNSILO_PORT", "9003", "UNSILO_DATA_DIR", dir.toString()));

        assertThat(c.port()).isEqualTo(9003);
        assertThat(c.dataDir()).isEqualTo(dir.toAbsolutePath().normalize());
    }

    @Test
    void internalDomainsAreTrimmedLowerCasedAndEmptyEntriesDropped() {
        Config c = new ConfigLoader(Map.of("UNSILO_INTERNAL_DOMAINS", " Example.COM , ,corp.Example.org,")).load(null, NO_FLAGS);

        assertThat(c.internalDomains()).containsExactlyInAnyOrder("example.com", "corp.example.org");
    }

    @Test
    void capturePolicyIsCaseInsensitive() {
        assertThat(new ConfigLoader(Map.of("UNSILO_CAPTURE_POLICY", " Body ")).load(null, NO_FLAGS).capturePolicy())
                .isEqualTo(Config.CapturePolicy.BODY);
    }

    @Test
    void portZeroIsAllowedForAFreePort() {
        assertThat(new ConfigLoader(NO_ENV).load(null, Map.of("UNSILO_PORT", "0")).port()).isZero();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            UNSILO_PORT                    | abc               | 'abc'
            UNSILO_PORT                    | 70000             | 65535
            UNSILO_PORT                    | -1                | 65535
            UNSILO_DB_URL                  | mysql://db/unsilo | mysql://db/unsilo
            UNSILO_DB_URL                  | jdbc:mysql://db/x | jdbc:sqlite:
            UNSILO_CAPTURE_POLICY          | x                 | 'snippet' or 'body'
            UNSILO_BASE_URL                | ftp://example.com | ftp://example.com
            UNSILO_STRENGTH_HALF_LIFE_DAYS | 0                 | between 1 and 3650
            UNSILO_MAX_REQUEST_BYTES       | 10                | between 1024
            UNSILO_ENTRA_CLIENT_ID         | my-app            | a GUID
            UNSILO_LOG_LEVEL               | WARNING           | TRACE, DEBUG, INFO, WARN or ERROR (got 'WARNING')
            """)
    void invalidValuesNameTheSetting(String key, String value, String detail) {
        assertThatThrownBy(() -> new ConfigLoader(Map.of(key, value)).load(null, NO_FLAGS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key)
                .hasMessageContaining(detail);
    }

    @Test
    void invalidValueInTheFileNamesTheSettingToo() throws IOException {
        Path f = file("unsilo.port=eighty\n");

        assertThatThrownBy(() -> new ConfigLoader(NO_ENV).load(f, NO_FLAGS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("UNSILO_PORT")
                .hasMessageContaining("eighty");
    }

    @Test
    void logSettingsInTheFileAreRefusedBecauseLoggingStartsBeforeItIsRead() throws IOException {
        for (String line : List.of("unsilo.log-format=json", "UNSILO_LOG_LEVEL=WARN")) {
            Path f = file(line + "\n");

            assertThatThrownBy(() -> new ConfigLoader(NO_ENV).load(f, NO_FLAGS))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(line.startsWith("unsilo.") ? "UNSILO_LOG_FORMAT" : "UNSILO_LOG_LEVEL")
                    .hasMessageContaining("from the environment only");
        }
        assertThat(new ConfigLoader(Map.of("UNSILO_LOG_LEVEL", "warn", "UNSILO_LOG_FORMAT", "json")).load(null, NO_FLAGS))
                .as("from the environment, in any case").isNotNull();
    }

    @Test
    void invalidFlagIsReportedLikeAnyOtherValue() {
        assertThatThrownBy(() -> new ConfigLoader(NO_ENV).load(null, Map.of("UNSILO_PORT", "99999")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("UNSILO_PORT");
    }

    @Test
    void entraClientIdIsTrimmedAndLowerCased() {
        Config c = new ConfigLoader(Map.of("UNSILO_ENTRA_CLIENT_ID", " 3F2504E0-4F89-11D3-9A0C-0305E82C3301 ")).load(null, NO_FLAGS);

        assertThat(c.entra().clientId()).isEqualTo("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
    }

    @Test
    void missingConfigFileIsAnErrorNamingTheFile() {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> new ConfigLoader(NO_ENV).load(missing, NO_FLAGS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nope.properties");
    }

    @Test
    void gmailAddOnIsOffUntilServiceAccountClientAndDomainsAreSet() {
        Config.Google off = new ConfigLoader(NO_ENV).load(null, NO_FLAGS).google();
        assertThat(off.addOnEnabled()).isFalse();
        assertThat(off.certsUrl()).isEqualTo("https://www.googleapis.com/oauth2/v3/certs");
        assertThat(off.apiRoot()).isEqualTo("https://gmail.googleapis.com/");
        assertThat(new ConfigLoader(Map.of("UNSILO_GOOGLE_ADDON_SERVICE_ACCOUNT", "sa@gcp-sa-gsuiteaddons.iam.gserviceaccount.com",
                "UNSILO_GOOGLE_ADDON_CLIENT_ID", "123.apps.googleusercontent.com")).load(null, NO_FLAGS).google().addOnEnabled())
                .as("no domain may use it yet").isFalse();

        Config.Google on = new ConfigLoader(Map.of("UNSILO_GOOGLE_ADDON_SERVICE_ACCOUNT", "sa@gcp-sa-gsuiteaddons.iam.gserviceaccount.com",
                "UNSILO_GOOGLE_ADDON_CLIENT_ID", "123.apps.googleusercontent.com", "UNSILO_GOOGLE_WORKSPACE_DOMAINS", " Example.com, example.co.uk ",
                "UNSILO_GOOGLE_CERTS_URL", "http://127.0.0.1:1/certs")).load(null, NO_FLAGS).google();
        assertThat(on.addOnEnabled()).isTrue();
        assertThat(on.domains()).containsExactlyInAnyOrder("example.com", "example.co.uk");
        assertThat(on.certsUrl()).isEqualTo("http://127.0.0.1:1/certs");
    }

    @Test
    void badGoogleSettingsNameTheKey() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of("UNSILO_GOOGLE_CERTS_URL", "file:///etc/passwd")).load(null, NO_FLAGS))
                .isInstanceOf(ConfigException.class).hasMessageContaining("UNSILO_GOOGLE_CERTS_URL");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("UNSILO_GOOGLE_API_ROOT", "gmail.googleapis.com")).load(null, NO_FLAGS))
                .isInstanceOf(ConfigException.class).hasMessageContaining("UNSILO_GOOGLE_API_ROOT");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("UNSILO_GOOGLE_ADDON_SERVICE_ACCOUNT", "not an address")).load(null, NO_FLAGS))
                .isInstanceOf(ConfigException.class).hasMessageContaining("UNSILO_GOOGLE_ADDON_SERVICE_ACCOUNT");
    }

    @Test
    void mailboxSyncSignsInAtTheEntraAuthorityOfDesignSection3UnlessItsOwnIsSet() {
        Config c = new ConfigLoader(Map.of("UNSILO_ENTRA_AUTHORITY", "http://127.0.0.1:9/entra/")).load(null, NO_FLAGS);
        assertThat(c.sync().microsoftAuthorizeUrl()).isEqualTo("http://127.0.0.1:9/entra/common/oauth2/v2.0/authorize");
        Config own = new ConfigLoader(Map.of("UNSILO_ENTRA_AUTHORITY", "http://127.0.0.1:9/entra",
                "UNSILO_MICROSOFT_AUTHORITY", "http://127.0.0.1:9/tenant-x")).load(null, NO_FLAGS);
        assertThat(own.sync().microsoftAuthorizeUrl()).isEqualTo("http://127.0.0.1:9/tenant-x/oauth2/v2.0/authorize");
    }
}
