package org.unsilo.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Broken files of the kinds the import upload takes: multipart, mbox, RFC 822, vCard, CSV. */
final class MimeGarbage {

    private MimeGarbage() {
    }

    static byte[] any(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> multipart(r);
            case 1 -> mbox(r);
            case 2 -> vcard(r);
            case 3 -> csv(r);
            case 4 -> JsonGarbage.random(r, 1 + r.nextInt(4000));
            default -> new byte[0];
        };
    }

    static byte[] multipart(Random r) {
        return ("--zz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + HostileText.odd(r) + "\"\r\n"
                + "Content-Type: application/mbox\r\n\r\n" + new String(mbox(r), StandardCharsets.ISO_8859_1)
                + (r.nextBoolean() ? "\r\n--zz--\r\n" : "\r\n--z")).getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] mbox(Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            out.writeBytes(("From MAILER-DAEMON Thu Jan  1 00:00:00 1970\n" + rfc822(r) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (r.nextBoolean()) {
            out.writeBytes(JsonGarbage.random(r, r.nextInt(500)));
        }
        return out.toByteArray();
    }

    /** A message with broken headers: folded garbage, bad encoded-words, missing boundary, NUL bytes. */
    static String rfc822(Random r) {
        return JsonGarbage.pick(r,
                "From: =?utf-8?B?####?= <@>\nTo: ,,,;;;\nSubject: =?x-unknown?Q?=ZZ?=\n\nbody\u0000\n",
                "Content-Type: multipart/mixed; boundary=\"\"\nFrom: a@b.example\n\n--\n--\n",
                "Content-Type: multipart/alternative\nFrom: \"unterminated <a@b.example\n\nno boundary at all\n",
                "From a@b.example\n" + "X-Long: " + "y".repeat(20_000) + "\n\n",
                "Date: 32 Foo 99999 25:61:61 +9999\nMessage-ID: <<<>>>\nFrom: " + HostileText.odd(r) + "\n\n",
                "\u0000\u0001\u0002 not headers at all",
                "Content-Transfer-Encoding: base64\nFrom: x@y.example\n\n!!!!not base64!!!!\n");
    }

    static byte[] vcard(Random r) {
        return JsonGarbage.pick(r,
                "BEGIN:VCARD\nVERSION:9.9\nFN:\u0000\nEMAIL:not-an-address\n",
                "BEGIN:VCARD\nBEGIN:VCARD\nBEGIN:VCARD\n",
                "END:VCARD\nEND:VCARD\n",
                "BEGIN:VCARD\nVERSION:3.0\nN:" + ";".repeat(10_000) + "\nEND:VCARD\n",
                "BEGIN:VCARD\nVERSION:4.0\nPHOTO;ENCODING=b:!!!!\nEMAIL;TYPE=\"unterminated:a@b.example\nEND:VCARD\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] csv(Random r) {
        return JsonGarbage.pick(r,
                "\"unterminated,quote\nname,email\n",
                "name,email\n\"a\"b\",c@d.example\n",
                ",,,,,,,,,,\n" + "x,".repeat(5000) + "\n",
                "\uFEFF\uFEFFName;E-mail\r\n\u0000;\u0000\r\n",
                "First Name,Last Name,E-mail Address\n" + "\"" + "q".repeat(100_000) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
