import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws the add-in icons once; the PNGs are committed under server/src/main/resources/addin/assets/.
 * Run from the repo root: {@code java tools/DrawAddinIcons.java server/src/main/resources/addin/assets}
 *
 * <p>The mark: a "U" whose two arms end in nodes, two people joined by one shared line. It is drawn on a
 * 100x100 canvas and scaled, so every size is the same picture.
 */
public final class DrawAddinIcons {

    static final Color BRAND = new Color(0x1F5FBF);
    static final Color WHITE = Color.WHITE;

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "server/src/main/resources/addin/assets");
        Files.createDirectories(dir);
        for (int size : new int[] {16, 32, 64, 80, 128}) {
            write(colour(size, true), dir.resolve("icon-" + size + ".png"));
        }
        // Unified manifest: 192x192 full colour, and a 32x32 white outline on transparent.
        write(colour(192, false), dir.resolve("color.png"));
        write(outline(32), dir.resolve("outline.png"));
    }

    /** The mark in white on a brand-coloured tile; ribbon icons get rounded corners, the app icon a full square. */
    static BufferedImage colour(int size, boolean rounded) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = canvas(img, size);
        g.setColor(BRAND);
        g.fill(rounded ? new RoundRectangle2D.Double(0, 0, 100, 100, 30, 30) : new java.awt.Rectangle(0, 0, 100, 100));
        mark(g, WHITE, size <= 16 ? 13 : 11);
        g.dispose();
        return img;
    }

    static BufferedImage outline(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = canvas(img, size);
        mark(g, WHITE, 12);
        g.dispose();
        return img;
    }

    private static Graphics2D canvas(BufferedImage img, int size) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.scale(size / 100.0, size / 100.0);
        return g;
    }

    private static void mark(Graphics2D g, Color c, double stroke) {
        g.setColor(c);
        Path2D u = new Path2D.Double();
        u.moveTo(30, 38);
        u.lineTo(30, 56);
        u.curveTo(30, 83, 70, 83, 70, 56);
        u.lineTo(70, 38);
        g.setStroke(new BasicStroke((float) stroke, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(u);
        double r = 10;
        g.fill(new Ellipse2D.Double(30 - r, 26 - r, 2 * r, 2 * r));
        g.fill(new Ellipse2D.Double(70 - r, 26 - r, 2 * r, 2 * r));
    }

    private static void write(BufferedImage img, Path file) throws IOException {
        ImageIO.write(img, "png", file.toFile());
        System.out.println("wrote " + file + " (" + img.getWidth() + "x" + img.getHeight() + ")");
    }
}
