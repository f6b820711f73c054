package org.unsilo.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.gsuiteaddons.v1.Deployment;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.unsilo.manifest.AddinUrls;
import org.unsilo.manifest.GmailDeployment;
import org.unsilo.manifest.OutlookAddin;
import org.unsilo.manifest.OutlookXmlManifest;
import org.unsilo.manifest.UnifiedManifest;
import org.xml.sax.SAXException;

/**
 * The generated add-in manifests against the vendors' own definitions, read from {@code ../shared/schemas}:
 * Microsoft's OfficeApp XSDs for the XML manifest, Microsoft's unified-manifest JSON schema (1.17), and
 * Google's {@code Deployment} protobuf, parsed strictly. Each check also rejects a broken copy, so a
 * validator that accepts everything cannot pass here.
 */
@Tag("acceptance")
class AddinManifestSchemasAcceptanceTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** A real-looking Entra app ID and a base URL with a port and a path, the harder case for every URL. */
    private static final OutlookAddin ADDIN = new OutlookAddin(
            AddinUrls.of("https://crm.acme.test:8443/unsilo"), "3f2504e0-4f89-11d3-9a0c-0305e82c3301");
    private static final OutlookAddin DEFAULT_ADDIN = new OutlookAddin(AddinUrls.of("https://unsilo.example.com"), null);

    @Test
    void xmlManifestValidatesAgainstTheOfficialOfficeAppXsds() throws Exception {
        Schema schema = officeAppSchema();

        for (OutlookAddin addin : new OutlookAddin[] {ADDIN, DEFAULT_ADDIN}) {
            String xml = new OutlookXmlManifest(addin).xml();
            schema.newValidator().validate(new StreamSource(new StringReader(xml)));
        }
    }

    @Test
    void theXsdsRejectAManifestWithAMissingOrMisplacedElement() throws Exception {
        Schema schema = officeAppSchema();
        String xml = new OutlookXmlManifest(ADDIN).xml();

        String noVersion = xml.replaceFirst("<Version>[^<]*</Version>", "");
        assertThatThrownBy(() -> schema.newValidator().validate(new StreamSource(new StringReader(noVersion))))
                .isInstanceOf(SAXException.class).hasMessageContaining("ProviderName");
        String badPermission = xml.replace("<Permissions>ReadWriteItem</Permissions>", "<Permissions>ReadAll</Permissions>");
        assertThatThrownBy(() -> schema.newValidator().validate(new StreamSource(new StringReader(badPermission))))
                .isInstanceOf(SAXException.class).hasMessageContaining("ReadAll");
        String misspeltInOverrides11 = xml.replace("SupportsPinning>", "SupportPinning>");
        assertThatThrownBy(() -> schema.newValidator().validate(new StreamSource(new StringReader(misspeltInOverrides11))))
                .isInstanceOf(SAXException.class).hasMessageContaining("SupportPinning");
    }

    @Test
    void unifiedManifestValidatesAgainstTheOfficialJsonSchema() throws Exception {
        JsonSchema schema = unifiedSchema();

        for (OutlookAddin addin : new OutlookAddin[] {ADDIN, DEFAULT_ADDIN}) {
            JsonNode manifest = MAPPER.readTree(new UnifiedManifest(addin).json());
            assertThat(schema.validate(manifest)).as("violations of the unified manifest schema").isEmpty();
        }
    }

    @Test
    void theJsonSchemaRejectsAWrongVersionAndAnUnknownScope() throws Exception {
        JsonSchema schema = unifiedSchema();
        ObjectNode manifest = (ObjectNode) MAPPER.readTree(new UnifiedManifest(ADDIN).json());

        ObjectNode wrongVersion = manifest.deepCopy().put("manifestVersion", "1.99");
        assertThat(messages(schema.validate(wrongVersion))).anyMatch(m -> m.contains("manifestVersion"));
        ObjectNode gmailScope = manifest.deepCopy();
        ((ObjectNode) gmailScope.at("/extensions/0/requirements")).putArray("scopes").add("gmail");
        assertThat(messages(schema.validate(gmailScope))).anyMatch(m -> m.contains("scopes"));
    }

    @Test
    void gmailDeploymentParsesStrictlyIntoGooglesDeploymentModel() throws Exception {
        String json = new GmailDeployment(ADDIN.urls()).json();

        Deployment.Builder parsed = Deployment.newBuilder();
        JsonFormat.parser().merge(json, parsed);

        Deployment d = parsed.build();
        assertThat(d.getOauthScopesList()).contains("https://www.googleapis.com/auth/gmail.addons.execute");
        assertThat(d.getAddOns().getCommon().getHomepageTrigger().getRunFunction())
                .isEqualTo("https://crm.acme.test:8443/unsilo/gmail/homepage");
        assertThat(d.getAddOns().getGmail().getContextualTriggers(0).hasUnconditional()).isTrue();
        assertThat(d.getAddOns().getGmail().getContextualTriggers(0).getOnTriggerFunction())
                .isEqualTo("https://crm.acme.test:8443/unsilo/gmail/contextual");
        assertThat(d.getAddOns().getGmail().getComposeTrigger().getActions(0).getRunFunction())
                .isEqualTo("https://crm.acme.test:8443/unsilo/gmail/compose");
        assertThat(d.getAddOns().getGmail().getComposeTrigger().getDraftAccessValue()).isEqualTo(2); // METADATA
    }

    @Test
    void googlesParserRejectsAMisspelledField() {
        String json = new GmailDeployment(ADDIN.urls()).json().replace("\"onTriggerFunction\"", "\"onTriggerFunktion\"");

        assertThatThrownBy(() -> JsonFormat.parser().merge(json, Deployment.newBuilder()))
                .isInstanceOf(InvalidProtocolBufferException.class).hasMessageContaining("onTriggerFunktion");
    }

    /** The OfficeApp 1.1 XSD; its sibling files (basic types, version overrides) are imported from the same folder. */
    private static Schema officeAppSchema() throws SAXException {
        Path xsd = SharedData.file("schemas/outlook-xml/ready/OfficeAppManifestV1_1.xsd");
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        // Imports resolve as local files only; nothing is fetched from the network.
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        return factory.newSchema(xsd.toFile());
    }

    /**
     * The schema says draft-04 but uses {@code const}, which draft-04 ignores; read as draft-07 so that
     * {@code manifestVersion} is really checked (see ../shared/schemas/README.md).
     */
    private static JsonSchema unifiedSchema() throws IOException {
        Path file = SharedData.file("schemas/m365-unified/v1.17/MicrosoftTeams.schema.json");
        ObjectNode schema = (ObjectNode) MAPPER.readTree(file.toFile());
        schema.put("$schema", "http://json-schema.org/draft-07/schema#");
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
    }

    private static Set<String> messages(Set<ValidationMessage> errors) {
        return errors.stream().map(ValidationMessage::getMessage).collect(java.util.stream.Collectors.toSet());
    }
}
