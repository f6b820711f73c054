package org.unsilo.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NameCleanerTest {

    @Test
    void lastCommaFirstBecomesFirstLast() {
        assertThat(NameCleaner.clean("Allen, Phillip K.", null)).isEqualTo("Phillip K. Allen");
        assertThat(NameCleaner.clean("\"Smith Jones, Ann\"", null)).isEqualTo("Ann Smith Jones");
    }

    @Test
    void companySuffixesAreNotSwapped() {
        assertThat(NameCleaner.clean("Acme, Inc.", null)).isEqualTo("Acme, Inc.");
        assertThat(NameCleaner.clean("Doe, Jr.", null)).isEqualTo("Doe, Jr.");
    }

    @Test
    void addressesAndEmptyNamesAreNoNames() {
        assertThat(NameCleaner.clean("  ", null)).isNull();
        assertThat(NameCleaner.clean("'a@b.com'", "a@b.com")).isNull();
        assertThat(NameCleaner.clean("A@B.com", "a@b.com")).isNull();
        assertThat(NameCleaner.clean(null, null)).isNull();
    }
}
