package org.unsilo.importer.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.unsilo.importer.contacts.CsvLayout.Column;
import org.unsilo.importer.contacts.CsvLayout.Field;

/** Header rows as the clients write them (beginnings of the real headers) and what they map to. */
class CsvLayoutTest {

    private static List<String> headers(CsvLayout layout, Field field) {
        return layout.columns(field).stream().map(Column::header).toList();
    }

    private static CsvLayout of(String header) {
        return CsvLayout.fromHeader(Arrays.asList(header.split(",", -1)));
    }

    @Test
    void outlookTitleIsTheSalutationAndJobTitleTheTitle() {
        CsvLayout l = of("Title,First Name,Middle Name,Last Name,Suffix,Company,Department,Job Title,Business Phone,"
                + "Business Fax,Mobile Phone,E-mail Address,E-mail Type,E-mail Display Name,E-mail 2 Address,E-mail 3 Address");
        assertThat(headers(l, Field.TITLE)).containsExactly("Job Title");
        assertThat(headers(l, Field.EMAIL)).containsExactly("E-mail Address", "E-mail 2 Address", "E-mail 3 Address");
        assertThat(headers(l, Field.PHONE)).containsExactly("Business Phone", "Mobile Phone");
        assertThat(headers(l, Field.ORGANIZATION)).containsExactly("Company");
    }

    @Test
    void outlookGerman() {
        CsvLayout l = of("Anrede,Vorname,Weitere Vornamen,Nachname,Suffix,Firma,Abteilung,Position,Telefon geschäftlich,"
                + "Fax geschäftlich,Mobiltelefon,E-Mail-Adresse,E-Mail-Typ,E-Mail: angezeigter Name,E-Mail 2: Adresse,E-Mail 3: Adresse");
        assertThat(headers(l, Field.FIRST)).containsExactly("Vorname");
        assertThat(headers(l, Field.MIDDLE)).containsExactly("Weitere Vornamen");
        assertThat(headers(l, Field.TITLE)).containsExactly("Position");
        assertThat(headers(l, Field.EMAIL)).containsExactly("E-Mail-Adresse", "E-Mail 2: Adresse", "E-Mail 3: Adresse");
        assertThat(headers(l, Field.PHONE)).containsExactly("Telefon geschäftlich", "Mobiltelefon");
        assertThat(headers(l, Field.ORGANIZATION)).containsExactly("Firma");
    }

    @Test
    void googleOldAndNewLayouts() {
        CsvLayout old = of("Name,Given Name,Additional Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,E-mail 2 - Type,"
                + "E-mail 2 - Value,Phone 1 - Type,Phone 1 - Value,Organization 1 - Type,Organization 1 - Name,Organization 1 - Title");
        assertThat(headers(old, Field.NAME)).containsExactly("Name");
        assertThat(headers(old, Field.EMAIL)).containsExactly("E-mail 1 - Value", "E-mail 2 - Value");
        assertThat(old.columns(Field.PHONE)).singleElement().extracting(Column::typeIndex).isEqualTo(8);
        assertThat(headers(old, Field.TITLE)).containsExactly("Organization 1 - Title");

        CsvLayout now = of("First Name,Middle Name,Last Name,Phonetic First Name,Name Prefix,Nickname,File As,Organization Name,"
                + "Organization Title,Organization Department,Birthday,Notes,Labels,E-mail 1 - Label,E-mail 1 - Value,"
                + "Phone 1 - Label,Phone 1 - Value");
        assertThat(headers(now, Field.FIRST)).containsExactly("First Name");
        assertThat(headers(now, Field.EMAIL)).containsExactly("E-mail 1 - Value");
        assertThat(now.columns(Field.PHONE)).singleElement().extracting(Column::typeIndex).isEqualTo(15);
        assertThat(headers(now, Field.TITLE)).containsExactly("Organization Title");
        assertThat(headers(now, Field.ORGANIZATION)).containsExactly("Organization Name");
    }

    @Test
    void yahooAndKdeTitlesAreJobTitles() {
        CsvLayout yahoo = of("First,Middle,Last,Nickname,Email,Category,Distribution Lists,Yahoo! ID,Home,Work,Pager,Fax,"
                + "Mobile,Other,Yahoo! Phone,Primary,Alternate Email 1,Alternate Email 2,Title,Company");
        assertThat(headers(yahoo, Field.TITLE)).containsExactly("Title");
        assertThat(headers(yahoo, Field.PHONE)).containsExactly("Home", "Work", "Mobile", "Other");
        assertThat(headers(yahoo, Field.EMAIL)).containsExactly("Email", "Alternate Email 1", "Alternate Email 2");
        CsvLayout kde = of("Formatted Name,Family Name,Given Name,Additional Names,Email Address,Title,Role,Organization");
        assertThat(headers(kde, Field.TITLE)).containsExactly("Title", "Role");
    }

    @Test
    void thunderbirdGermanHeaders() {
        CsvLayout l = of("Vorname,Nachname,Anzeigename,Spitzname,Primäre E-Mail-Adresse,Sekundäre E-Mail-Adresse,"
                + "Messenger-Name,Tel. dienstlich,Tel. privat,Fax-Nummer,Pager-Nummer,Mobil-Tel.-Nr.,Arbeitstitel,Abteilung,Organisation,");
        assertThat(headers(l, Field.NAME)).containsExactly("Anzeigename");
        assertThat(headers(l, Field.EMAIL)).containsExactly("Primäre E-Mail-Adresse", "Sekundäre E-Mail-Adresse");
        assertThat(headers(l, Field.PHONE)).containsExactly("Tel. dienstlich", "Tel. privat", "Mobil-Tel.-Nr.");
    }

    @Test
    void unknownHeaderIsNotGuessed() {
        assertThat(of("Kunde,Kontakt,Mail an,Telefon")).isNull();
    }

    @Test
    void userMapByNameAndPosition() {
        Properties p = new Properties();
        p.setProperty("name", "Kontakt");
        p.setProperty("email", "Mail an");
        p.setProperty("email.2", "#5");
        p.setProperty("phone", "telefon");
        CsvLayout l = CsvLayout.fromMap(p, List.of("Kunde", "Kontakt", "Mail an", "Telefon", "Zweite Mail"), "m.properties");
        assertThat(l.hasHeaderRow()).isTrue();
        assertThat(l.columns(Field.EMAIL)).extracting(Column::index).containsExactly(2, 4);
        assertThat(l.columns(Field.PHONE)).extracting(Column::index).containsExactly(3);

        p.setProperty("email", "Nope");
        assertThatThrownBy(() -> CsvLayout.fromMap(p, List.of("Kunde", "Kontakt"), "m.properties"))
                .isInstanceOf(ContactImportException.class).hasMessageContaining("no column 'Nope'");
        Properties bad = new Properties();
        bad.setProperty("birthday", "#1");
        assertThatThrownBy(() -> CsvLayout.fromMap(bad, List.of("a"), "m.properties"))
                .hasMessageContaining("unknown field 'birthday'");
    }

    @Test
    void delimiterFromTheHeaderLine() {
        assertThat(CsvSource.guessDelimiter("Vorname;Nachname;\"Name, voll\";E-Mail-Adresse")).isEqualTo(';');
        assertThat(CsvSource.guessDelimiter("First Name,Last Name,E-mail Address")).isEqualTo(',');
        assertThat(CsvSource.guessDelimiter("First Name\tLast Name\tE-mail; Address")).isEqualTo('\t');
    }
}
