package org.unsilo.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.unsilo.config.ConfigException;
import org.unsilo.config.SyncConfig;

/**
 * Encrypts OAuth refresh tokens (and PKCE verifiers) at rest with AES-256-GCM from the JDK: a random 96-bit nonce
 * per value, and associated data that binds each value to its row, so a ciphertext copied to another user's row
 * does not decrypt. A stored value is {@code v1.<key id>.<base64(nonce || ciphertext+tag)>}; the key id names the
 * key that wrote it, so after a key rotation values written with the previous key still read until they are
 * written again with the current one.
 */
public final class TokenCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey current;
    private final String currentId;
    private final Map<String, SecretKey> readable = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();

    TokenCipher(byte[] currentKey, List<byte[]> previousKeys) {
        this.current = aes(currentKey);
        this.currentId = keyId(currentKey);
        readable.put(currentId, current);
        for (byte[] k : previousKeys) {
            readable.putIfAbsent(keyId(k), aes(k));
        }
    }

    /**
     * The key from {@code UNSILO_SECRET_KEY}, else from the key file, which is created with a new random key and
     * owner-only permissions (0600) when it does not exist yet.
     */
    public static TokenCipher fromConfig(SyncConfig config) {
        byte[] key = config.secretKey() != null ? decodeKey(SyncConfig.SECRET_KEY, config.secretKey())
                : keyFile(config.secretKeyFile());
        List<byte[]> previous = new ArrayList<>();
        for (String k : config.previousSecretKeys()) {
            previous.add(decodeKey(SyncConfig.SECRET_KEY_PREVIOUS, k));
        }
        return new TokenCipher(key, previous);
    }

    public String encrypt(String plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, current, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return "v1." + currentId + "." + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** @throws UnreadableSecretException the value was written with a key this server no longer has, or altered */
    public String decrypt(String stored, String associatedData) {
        String[] parts = stored.split("\\.", 3);
        if (parts.length != 3 || !parts[0].equals("v1")) {
            throw new UnreadableSecretException("the stored value is not in a known format");
        }
        SecretKey key = readable.get(parts[1]);
        if (key == null) {
            throw new UnreadableSecretException("it was encrypted with a key this server does not have (key id "
                    + parts[1] + "); restore that key as UNSILO_SECRET_KEY_PREVIOUS or reconnect the mailbox");
        }
        byte[] in = Base64.getDecoder().decode(parts[2]);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new UnreadableSecretException("it does not decrypt (altered, or stored for another connection)");
        }
    }

    /** Whether {@code stored} was written with an older key and should be written again. */
    public boolean isStale(String stored) {
        return !stored.startsWith("v1." + currentId + ".");
    }

    /** A stored secret that cannot be read back. */
    public static final class UnreadableSecretException extends RuntimeException {
        UnreadableSecretException(String message) {
            super(message);
        }
    }

    private static byte[] keyFile(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Files.createDirectories(file.toAbsolutePath().getParent());
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first: use theirs
                }
            }
            return decodeKey(SyncConfig.SECRET_KEY_FILE + " (" + file + ")", Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret key file " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] decodeKey(String origin, String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(origin + " must be a base64-encoded 32-byte key (make one with: openssl rand -base64 32)");
        }
        if (key.length != 32) {
            throw new ConfigException(origin + " must be 32 bytes (AES-256) once base64-decoded; it has " + key.length);
        }
        return key;
    }

    private static SecretKey aes(byte[] key) {
        return new SecretKeySpec(key, "AES");
    }

    private static String keyId(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
