package org.unsilo.testing;

import com.google.apps.card.v1.Button;
import com.google.apps.card.v1.Card;
import com.google.apps.card.v1.DecoratedText;
import com.google.apps.card.v1.Widget;
import com.google.common.html.HtmlEscapers;

/**
 * A rough HTML preview of the card subset the add-on uses (header, sections, decorated text, text paragraphs,
 * text inputs, buttons, fixed footer), for the README. It is NOT Google's renderer: Gmail draws cards itself.
 * Text-paragraph and decorated text content is inserted as HTML, as Gmail does (the server escaped it already);
 * labels, titles and captions are plain text and are escaped here.
 */
public final class CardPreview {

    private CardPreview() {
    }

    public static String html(Card card, String caption) {
        StringBuilder h = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Unsilo Gmail add-on: card preview</title>
                <style>
                body{font-family:Roboto,Arial,sans-serif;background:#f1f3f4;margin:0;padding:16px;color:#202124}
                .note{font-size:12px;color:#5f6368;max-width:320px;margin:0 0 8px}
                .panel{width:320px;background:#fff;border:1px solid #dadce0;border-radius:8px;overflow:hidden}
                .hdr{padding:14px 16px;border-bottom:1px solid #e8eaed}.hdr .t{font-size:16px;font-weight:500}
                .hdr .s{font-size:12px;color:#5f6368;margin-top:2px}
                .sec{padding:10px 16px;border-bottom:1px solid #e8eaed}.sec h3{font-size:14px;font-weight:500;margin:4px 0 8px}
                .dt{margin:6px 0}.dt .top,.dt .bot{font-size:12px;color:#5f6368}.dt .txt{font-size:14px}
                .p{font-size:13px;margin:6px 0;line-height:1.45}
                .in{border:1px solid #80868b;border-radius:4px;padding:8px;font-size:13px;margin:6px 0;color:#5f6368}
                .btns{margin:8px 0}.btn{display:inline-block;border:1px solid #dadce0;border-radius:16px;padding:5px 12px;
                font-size:13px;color:#1a73e8;margin:0 6px 4px 0}
                .foot{padding:10px 16px;background:#fff}.foot .btn.primary{background:#1a73e8;color:#fff;border-color:#1a73e8}
                </style></head><body>
                """);
        h.append("<p class=\"note\">").append(esc(caption)).append("</p>\n<div class=\"panel\">\n");
        h.append("<div class=\"hdr\"><div class=\"t\">").append(esc(card.getHeader().getTitle()))
                .append("</div><div class=\"s\">").append(esc(card.getHeader().getSubtitle())).append("</div></div>\n");
        for (Card.Section s : card.getSectionsList()) {
            h.append("<div class=\"sec\">");
            if (!s.getHeader().isEmpty()) {
                h.append("<h3>").append(s.getHeader()).append("</h3>");
            }
            for (Widget w : s.getWidgetsList()) {
                widget(h, w);
            }
            h.append("</div>\n");
        }
        if (card.hasFixedFooter()) {
            h.append("<div class=\"foot\">");
            button(h, card.getFixedFooter().getPrimaryButton(), " primary");
            if (card.getFixedFooter().hasSecondaryButton()) {
                button(h, card.getFixedFooter().getSecondaryButton(), "");
            }
            h.append("</div>\n");
        }
        return h.append("</div>\n</body></html>\n").toString();
    }

    private static void widget(StringBuilder h, Widget w) {
        if (w.hasDecoratedText()) {
            DecoratedText d = w.getDecoratedText();
            h.append("<div class=\"dt\"><div class=\"top\">").append(esc(d.getTopLabel())).append("</div><div class=\"txt\">")
                    .append(d.getText()).append("</div><div class=\"bot\">").append(esc(d.getBottomLabel())).append("</div></div>");
        } else if (w.hasTextParagraph()) {
            h.append("<div class=\"p\">").append(w.getTextParagraph().getText()).append("</div>");
        } else if (w.hasTextInput()) {
            h.append("<div class=\"in\">").append(esc(w.getTextInput().getLabel())).append("</div>");
        } else if (w.hasButtonList()) {
            h.append("<div class=\"btns\">");
            w.getButtonList().getButtonsList().forEach(b -> button(h, b, ""));
            h.append("</div>");
        }
    }

    private static void button(StringBuilder h, Button b, String kind) {
        h.append("<span class=\"btn").append(kind).append("\">").append(esc(b.getText())).append("</span>");
    }

    private static String esc(String s) {
        return HtmlEscapers.htmlEscaper().escape(s);
    }
}
