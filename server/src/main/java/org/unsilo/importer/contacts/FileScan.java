package org.unsilo.importer.contacts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What an address-book file is made of, worked out in one streaming pass before anything is imported:
 * its SHA-256 (an import job is keyed by content, so a checkpoint is never applied to different bytes)
 * and its character set. Exports come in every encoding: Outlook desktop writes the ANSI code page,
 * Outlook on the web UTF-8 with a BOM, Apple tools UTF-16 without one.
 */
public record FileScan(Path file, String sha256, Charset charset, int bomLength, String charsetReason) {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final int SAMPLE = 4096;

    public static FileScan of(Path file) throws IOException {
        byte[] head = new byte[SAMPLE];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, SAMPLE);
        }
        MessageDigest sha = newDigest();
        Charset charset;
        int bom = 0;
        String reason;
        if (n >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
            charset = StandardCharsets.UTF_8;
            bom = 3;
            reason = "UTF-8 byte-order mark";
        } else if (n >= 2 && (head[0] & 0xff) == 0xFE && (head[1] & 0xff) == 0xFF) {
            charset = StandardCharsets.UTF_16BE;
            bom = 2;
            reason = "UTF-16BE byte-order mark";
        } else if (n >= 2 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xFE) {
            charset = StandardCharsets.UTF_16LE;
            bom = 2;
            reason = "UTF-16LE byte-order mark";
        } else {
            charset = utf16WithoutBom(head, n);
            reason = charset == null ? null : "NUL bytes in every other position (" + charset.name() + " without byte-order mark)";
        }
        boolean validUtf8 = true;
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        CharBuffer out = CharBuffer.allocate(64 * 1024);
        try (InputStream stream = Files.newInputStream(file)) {
            byte[] buf = new byte[32 * 1024];
            int r;
            while ((r = stream.read(buf)) > 0) {
                sha.update(buf, 0, r);
                if (charset == null && validUtf8) {
                    in.put(buf, 0, r).flip();
                    validUtf8 = decodeChunk(strict, in, out, false);
                    in.compact();
                }
            }
            if (charset == null && validUtf8) {
                in.flip();
                validUtf8 = decodeChunk(strict, in, out, true) && !strict.flush(out.clear()).isError();
            }
        }
        if (charset == null) {
            // Strict UTF-8 first: text that decodes without a single error is UTF-8 with near certainty,
            // while ANSI exports (Windows-1252, the code page of Western Windows) almost never do.
            charset = validUtf8 ? StandardCharsets.UTF_8 : WINDOWS_1252;
            reason = validUtf8 ? "valid UTF-8" : "not valid UTF-8, read as Windows-1252";
        }
        return new FileScan(file, HexFormat.of().formatHex(sha.digest()), charset, bom, reason);
    }

    /** The file as text, without its byte-order mark. Malformed input becomes U+FFFD rather than an error. */
    public BufferedReader open() throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            in.skipNBytes(bomLength);
        } catch (IOException e) {
            in.close();
            throw e;
        }
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new BufferedReader(new InputStreamReader(in, decoder), 64 * 1024);
    }

    private static boolean decodeChunk(CharsetDecoder decoder, ByteBuffer in, CharBuffer out, boolean end) {
        while (true) {
            out.clear();
            CoderResult result = decoder.decode(in, out, end);
            if (result.isError()) {
                return false;
            }
            if (result.isUnderflow()) {
                return true;
            }
        }
    }

    /**
     * UTF-16 without a BOM (Apple's Address Book saved such files): ASCII-heavy text then has a NUL in
     * every other byte, on the even positions for big-endian and the odd ones for little-endian.
     */
    static Charset utf16WithoutBom(byte[] head, int n) {
        int pairs = n / 2;
        if (pairs < 4) {
            return null;
        }
        int evenZero = 0;
        int oddZero = 0;
        for (int i = 0; i + 1 < n; i += 2) {
            if (head[i] == 0) {
                evenZero++;
            }
            if (head[i + 1] == 0) {
                oddZero++;
            }
        }
        if (evenZero * 10 >= pairs * 6 && oddZero * 20 <= pairs) {
            return StandardCharsets.UTF_16BE;
        }
        if (oddZero * 10 >= pairs * 6 && evenZero * 20 <= pairs) {
            return StandardCharsets.UTF_16LE;
        }
        return null;
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
