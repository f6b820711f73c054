package org.unsilo.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * The stand-in hash checked for unknown and password-less accounts: it must cost what a real check costs (the same
 * Argon2 parameters, so timing does not tell which accounts exist) and match no password.
 */
class PasswordsTest {

    @Test
    void theStandInHashHasTheStoredHashesParametersAndMatchesNothing() {
        String standIn = Passwords.unmatchable(new SecureRandom());
        Argon2Function parsed = Argon2Function.getInstanceFromHash(standIn);
        assertThat(parsed).isEqualTo(Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID, 19));
        assertThat(Password.check("", standIn).with(parsed)).isFalse();
        assertThat(Password.check("not a password of anyone", standIn).with(parsed)).isFalse();
        assertThat(Passwords.unmatchable(new SecureRandom())).as("fresh random bytes each time").isNotEqualTo(standIn);
    }
}
