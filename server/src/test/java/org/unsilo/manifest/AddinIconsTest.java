package org.unsilo.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The icons the manifests name exist in the jar, in the sizes Outlook and the Microsoft 365 admin center expect. */
class AddinIconsTest {

    @ParameterizedTest
    @CsvSource({"icon-16.png, 16", "icon-32.png, 32", "icon-64.png, 64", "icon-80.png, 80", "icon-128.png, 128",
            "color.png, 192", "outline.png, 32"})
    void eachIconIsASquarePngOfItsSize(String name, int size) throws IOException {
        BufferedImage img = png(name);

        assertThat(img.getWidth()).isEqualTo(size);
        assertThat(img.getHeight()).isEqualTo(size);
    }

    @Test
    void colorIconIsOpaqueAndOutlineIconIsWhiteOnTransparent() throws IOException {
        BufferedImage color = png(UnifiedManifest.COLOR_ICON);
        assertThat(alpha(color.getRGB(0, 0))).isEqualTo(255);
        assertThat(alpha(color.getRGB(191, 191))).isEqualTo(255);

        BufferedImage outline = png(UnifiedManifest.OUTLINE_ICON);
        int transparent = 0;
        int drawn = 0;
        for (int y = 0; y < outline.getHeight(); y++) {
            for (int x = 0; x < outline.getWidth(); x++) {
                int argb = outline.getRGB(x, y);
                if (alpha(argb) == 0) {
                    transparent++;
                } else {
                    drawn++;
                    assertThat(argb & 0xFFFFFF).as("pixel %d,%d", x, y).isEqualTo(0xFFFFFF);
                }
            }
        }
        assertThat(transparent).isPositive();
        assertThat(drawn).isPositive();
    }

    private static int alpha(int argb) {
        return argb >>> 24;
    }

    private static BufferedImage png(String name) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(ManifestFiles.asset(name)));
        assertThat(img).as(name + " is a readable image").isNotNull();
        return img;
    }
}
