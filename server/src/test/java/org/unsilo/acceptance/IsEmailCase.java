package org.unsilo.acceptance;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** One {@code <test>} of the isemail suite ({@code addresses/tests.xml}, {@code tests-original.xml}). */
record IsEmailCase(String file, String id, String address, String category, String diagnosis) {

    /** isemail stores control characters as "control pictures", U+2400 + code point (XML cannot hold most of them). */
    private static final char FIRST_PICTURE = '\u2400';
    private static final char LAST_PICTURE = '\u241F';

    static List<IsEmailCase> read(Path xml) {
        Document doc = parse(xml);
        NodeList tests = doc.getDocumentElement().getElementsByTagName("test");
        List<IsEmailCase> cases = new ArrayList<>();
        for (int i = 0; i < tests.getLength(); i++) {
            Element test = (Element) tests.item(i);
            String id = test.getAttribute("id");
            String address = text(test, "address", xml, id);
            cases.add(new IsEmailCase(xml.getFileName().toString(), id, decodeControlPictures(address),
                    text(test, "category", xml, id), text(test, "diagnosis", xml, id)));
        }
        return cases;
    }

    static String decodeControlPictures(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c >= FIRST_PICTURE && c <= LAST_PICTURE ? (char) (c - FIRST_PICTURE) : c);
        }
        return out.toString();
    }

    /** The element's text; {@code <address/>} is the empty address, a missing element is a broken file. */
    private static String text(Element test, String tag, Path xml, String id) {
        NodeList nodes = test.getElementsByTagName(tag);
        if (nodes.getLength() != 1) {
            fail(xml + ": test " + id + " has " + nodes.getLength() + " <" + tag + "> elements, expected 1");
        }
        return nodes.item(0).getTextContent();
    }

    private static Document parse(Path xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder().parse(xml.toFile());
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return fail("cannot read isemail suite " + xml + ": " + e.getMessage(), e);
        }
    }

    /** Readable in test reports: control characters shown as escapes. */
    @Override
    public String toString() {
        StringBuilder shown = new StringBuilder();
        for (char c : address.toCharArray()) {
            shown.append(c < 0x20 || c == 0x7f ? String.format("\\x%02X", (int) c) : String.valueOf(c));
        }
        return file + "#" + id + " [" + diagnosis + "] '" + shown + "'";
    }
}
