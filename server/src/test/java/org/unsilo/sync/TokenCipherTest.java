package org.unsilo.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unsilo.config.ConfigException;
import org.unsilo.config.ConfigLoader;
import org.unsilo.config.SyncConfig;

class TokenCipherTest {

    @TempDir
    Path dir;

    private static byte[] key() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }

    private SyncConfig config(Map<String, String> extra) {
        Map<String, String> v = new HashMap<>(extra);
        v.put(ConfigLoader.DATA_DIR, dir.toString());
        return new ConfigLoader(Map.of()).load(null, v).sync();
    }

    @Test
    void roundTripsWithAFreshNonceEveryTimeAndHidesThePlaintext() {
        TokenCipher c = new TokenCipher(key(), List.of());
        String a = c.encrypt("refresh-token-123", "row:1");
        String b = c.encrypt("refresh-token-123", "row:1");
        assertThat(a).isNotEqualTo(b).doesNotContain("refresh-token-123");
        assertThat(c.decrypt(a, "row:1")).isEqualTo("refresh-token-123");
        assertThat(c.decrypt(b, "row:1")).isEqualTo("refresh-token-123");
    }

    @Test
    void aValueMovedToAnotherRowOrAlteredDoesNotDecrypt() {
        TokenCipher c = new TokenCipher(key(), List.of());
        String sealed = c.encrypt("secret", "mailbox_connection:1:google");
        assertThatThrownBy(() -> c.decrypt(sealed, "mailbox_connection:2:google"))
                .isInstanceOf(TokenCipher.UnreadableSecretException.class);
        String[] parts = sealed.split("\\.", 3);
        byte[] raw = Base64.getDecoder().decode(parts[2]);
        raw[raw.length - 1] ^= 1;
        String altered = parts[0] + "." + parts[1] + "." + Base64.getEncoder().encodeToString(raw);
        assertThatThrownBy(() -> c.decrypt(altered, "mailbox_connection:1:google"))
                .isInstanceOf(TokenCipher.UnreadableSecretException.class);
    }

    @Test
    void afterRotationOldValuesStillReadAndAreMarkedStale() {
        byte[] old = key();
        String sealed = new TokenCipher(old, List.of()).encrypt("secret", "aad");
        TokenCipher rotated = new TokenCipher(key(), List.of(old));
        assertThat(rotated.decrypt(sealed, "aad")).isEqualTo("secret");
        assertThat(rotated.isStale(sealed)).isTrue();
        assertThat(rotated.isStale(rotated.encrypt("secret", "aad"))).isFalse();
        assertThatThrownBy(() -> new TokenCipher(key(), List.of()).decrypt(sealed, "aad"))
                .isInstanceOf(TokenCipher.UnreadableSecretException.class).hasMessageContaining("UNSILO_SECRET_KEY_PREVIOUS");
    }

    @Test
    void theKeyFileIsCreatedOwnerOnlyOnceAndReused() throws Exception {
        SyncConfig cfg = config(Map.of());
        String sealed = TokenCipher.fromConfig(cfg).encrypt("secret", "aad");
        Path file = dir.resolve("secret.key");
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(TokenCipher.fromConfig(cfg).decrypt(sealed, "aad")).isEqualTo("secret");
    }

    @Test
    void aConfiguredKeyWinsAndABadOneIsRefusedWithItsName() {
        String k = Base64.getEncoder().encodeToString(key());
        SyncConfig cfg = config(Map.of(SyncConfig.SECRET_KEY, k));
        assertThat(TokenCipher.fromConfig(cfg).decrypt(TokenCipher.fromConfig(cfg).encrypt("x", "a"), "a")).isEqualTo("x");
        assertThat(dir.resolve("secret.key")).doesNotExist();
        assertThatThrownBy(() -> TokenCipher.fromConfig(config(Map.of(SyncConfig.SECRET_KEY, "c2hvcnQ="))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("UNSILO_SECRET_KEY").hasMessageContaining("32 bytes");
    }

    @Test
    void intervalsAreReadInPlainUnitsOrIso() {
        assertThat(config(Map.of(SyncConfig.INTERVAL, "90s")).interval()).hasSeconds(90);
        assertThat(config(Map.of(SyncConfig.INTERVAL, "2h")).interval()).hasHours(2);
        assertThat(config(Map.of(SyncConfig.INTERVAL, "PT15M")).interval()).hasMinutes(15);
        assertThat(config(Map.of()).interval()).hasMinutes(15);
        assertThatThrownBy(() -> config(Map.of(SyncConfig.INTERVAL, "soon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("UNSILO_SYNC_INTERVAL");
        assertThat(config(Map.of(SyncConfig.INTERVAL, "7d")).interval()).hasDays(7);
        for (String tooLong : java.util.List.of("8d", "169h", "P7DT1H")) {
            assertThatThrownBy(() -> config(Map.of(SyncConfig.INTERVAL, tooLong))).as(tooLong)
                    .isInstanceOf(ConfigException.class).hasMessageContaining("between 1s and 7d");
        }
        assertThatThrownBy(() -> config(Map.of(SyncConfig.GRAPH_BASE_URL, "graph.local")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("UNSILO_GRAPH_BASE_URL");
    }
}
