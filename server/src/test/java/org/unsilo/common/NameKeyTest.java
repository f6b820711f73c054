package org.unsilo.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class NameKeyTest {

    @Test
    void accentsAndCaseAreFoldedAway() {
        assertThat(NameKey.of("Émile Zola")).isEqualTo("emile zola");
        assertThat(NameKey.of("JOSÉ RUIZ")).isEqualTo(NameKey.of("Jose Ruiz")).isEqualTo("jose ruiz");
        assertThat(NameKey.of("Françoise Ågren-Müller")).isEqualTo("francoise agren-muller");
        assertThat(NameKey.of("Dvořák")).isEqualTo("dvorak");
        assertThat(NameKey.of("İstanbul Ltd")).isEqualTo("istanbul ltd");
        assertThat(NameKey.of("Йорданов")).isEqualTo("иорданов");
    }

    @Test
    void lettersWithoutADecompositionAreSpelledAsTypedWithoutThem() {
        assertThat(NameKey.of("Ørsted")).isEqualTo("orsted");
        assertThat(NameKey.of("Łukasz Żółw")).isEqualTo("lukasz zolw");
        assertThat(NameKey.of("Straße")).isEqualTo("strasse");
        assertThat(NameKey.of("GROẞE")).isEqualTo("grosse");
        assertThat(NameKey.of("Æsir Œuvre")).isEqualTo("aesir oeuvre");
        assertThat(NameKey.of("Đorđe Þór Ðan")).isEqualTo("dorde thor dan");
        assertThat(NameKey.of("Bahadır")).isEqualTo("bahadir");
        assertThat(NameKey.of("ΟΔΟΣ")).isEqualTo(NameKey.of("οδοσ"));
    }

    @Test
    void compatibilityFormsReadAsTheirPlainLetters() {
        assertThat(NameKey.of("Ｆｕｌｌ Ｗｉｄｔｈ")).isEqualTo("full width");
        assertThat(NameKey.of("ﬁnance ①")).isEqualTo("finance 1");
    }

    @Test
    void spacesAreTrimmedAndRunTogether() {
        assertThat(NameKey.of("  Ada \t\u00A0 Lovelace\u2003")).isEqualTo("ada lovelace");
        assertThat(NameKey.of("Ada\nLovelace")).isEqualTo("ada lovelace");
        assertThat(NameKey.of("   ")).isEmpty();
        assertThat(NameKey.of(null)).isNull();
    }

    @Test
    void otherScriptsKeepTheirLetters() {
        // An Indic vowel sign or a kana's voicing mark is part of the letter: a search in those scripts stays exact.
        assertThat(NameKey.of("राम")).isEqualTo("राम");
        assertThat(NameKey.of("ガ")).isEqualTo("ガ").isNotEqualTo(NameKey.of("カ"));
        assertThat(NameKey.of("김민준")).isEqualTo("김민준");
        assertThat(NameKey.of("王小明")).isEqualTo("王小明");
    }

    @Test
    void accentedNamesSortAmongThePlainOnes() {
        List<String> names = new ArrayList<>(List.of("Zoe", "Łukasz", "Ørsted", "Emma", "Émile", "Oscar", "Luke", "Ada",
                "Strasse", "Straße Bau", "Étienne"));
        names.sort(Comparator.comparing(NameKey::of));
        assertThat(names).containsExactly("Ada", "Émile", "Emma", "Étienne", "Łukasz", "Luke", "Ørsted", "Oscar", "Strasse",
                "Straße Bau", "Zoe");
    }
}
