package org.unsilo.importer.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Charset detection on the byte patterns real exports have, checked by decoding the text back. */
class FileScanTest {

    private static final String TEXT = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jürgen Müller-Lüdenscheidt\r\nEND:VCARD\r\n";

    @TempDir
    Path dir;

    private FileScan scan(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return FileScan.of(f);
    }

    private static String read(FileScan s) throws IOException {
        try (Reader r = s.open()) {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[256];
            int n;
            while ((n = r.read(buf)) > 0) {
                sb.append(buf, 0, n);
            }
            return sb.toString();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void plainUtf8() throws IOException {
        FileScan s = scan("a.vcf", TEXT.getBytes(StandardCharsets.UTF_8));
        assertThat(s.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(s.bomLength()).isZero();
        assertThat(read(s)).isEqualTo(TEXT);
    }

    @Test
    void utf8WithBomLosesTheBom() throws IOException {
        FileScan s = scan("a.csv", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, TEXT.getBytes(StandardCharsets.UTF_8)));
        assertThat(s.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(read(s)).isEqualTo(TEXT);
    }

    @Test
    void windows1252WhenNotValidUtf8() throws IOException {
        Charset cp1252 = Charset.forName("windows-1252");
        FileScan s = scan("a.csv", TEXT.getBytes(cp1252));
        assertThat(s.charset()).isEqualTo(cp1252);
        assertThat(read(s)).isEqualTo(TEXT);
    }

    @Test
    void utf16WithBoms() throws IOException {
        FileScan le = scan("le.vcf", concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, TEXT.getBytes(StandardCharsets.UTF_16LE)));
        FileScan be = scan("be.vcf", concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, TEXT.getBytes(StandardCharsets.UTF_16BE)));
        assertThat(le.charset()).isEqualTo(StandardCharsets.UTF_16LE);
        assertThat(be.charset()).isEqualTo(StandardCharsets.UTF_16BE);
        assertThat(read(le)).isEqualTo(TEXT);
        assertThat(read(be)).isEqualTo(TEXT);
    }

    @Test
    void utf16WithoutBomFromTheNulBytes() throws IOException {
        FileScan le = scan("le.vcf", TEXT.getBytes(StandardCharsets.UTF_16LE));
        FileScan be = scan("be.vcf", TEXT.getBytes(StandardCharsets.UTF_16BE));
        assertThat(le.charset()).isEqualTo(StandardCharsets.UTF_16LE);
        assertThat(be.charset()).isEqualTo(StandardCharsets.UTF_16BE);
        assertThat(read(be)).isEqualTo(TEXT);
        assertThat(read(le)).isEqualTo(TEXT);
    }

    @Test
    void sameBytesSameHashOtherBytesOtherHash() throws IOException {
        FileScan a = scan("a.vcf", TEXT.getBytes(StandardCharsets.UTF_8));
        FileScan b = scan("b.vcf", TEXT.getBytes(StandardCharsets.UTF_8));
        FileScan c = scan("c.vcf", (TEXT + "\r\n").getBytes(StandardCharsets.UTF_8));
        assertThat(a.sha256()).hasSize(64).isEqualTo(b.sha256()).isNotEqualTo(c.sha256());
    }

    @Test
    void undeclaredQuotedPrintableIsUtf8WhenValidElseWindows1252() {
        // As ez-vcard hands them over: one char per decoded byte.
        String utf8Bytes = new String("Müller".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        String ansiBytes = new String("Müller".getBytes(Charset.forName("windows-1252")), StandardCharsets.ISO_8859_1);
        assertThat(Text.repairUndeclaredQuotedPrintable(utf8Bytes)).isEqualTo("Müller");
        assertThat(Text.repairUndeclaredQuotedPrintable(ansiBytes)).isEqualTo("Müller");
        assertThat(Text.repairUndeclaredQuotedPrintable("plain")).isEqualTo("plain");
    }
}
