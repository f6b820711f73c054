package org.unsilo.adoption;

import java.util.ArrayList;
import java.util.List;

/**
 * A bar chart laid out for server-side SVG: the template only places what this computes. Titles and labels are
 * plain text (the template escapes them); {@code title} and {@code description} become the SVG's accessible name.
 */
public record BarChart(String id, String title, String description, int width, int height, long max, List<Bar> bars) {

    public static final int WIDTH = 600;
    public static final int HEIGHT = 180;
    // Room for labels of 20 units: a chart is drawn at about half its 600 units of width, and labels must stay readable.
    private static final int TOP = 16;
    private static final int BOTTOM = 36;
    private static final int LEFT = 60;
    /** Room for half the last label, which is centred under its bar. */
    private static final int RIGHT = 30;

    /** One bar: its box, and the value and label it shows (also as its tooltip). */
    public record Bar(String label, long value, int x, int y, int width, int height, boolean labelled) {
    }

    public static BarChart of(String id, String title, String description, List<Adoption.Point> points) {
        long max = Math.max(1, points.stream().mapToLong(Adoption.Point::value).max().orElse(1));
        int plotHeight = HEIGHT - TOP - BOTTOM;
        int n = Math.max(1, points.size());
        double slot = (double) (WIDTH - LEFT - RIGHT) / n;
        int labelEvery = Math.max(1, (int) Math.ceil(n / 8.0));
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Adoption.Point p = points.get(i);
            int h = (int) Math.round(plotHeight * (double) p.value() / max);
            bars.add(new Bar(p.label(), p.value(), LEFT + (int) Math.round(i * slot + slot * 0.15), TOP + plotHeight - h,
                    Math.max(1, (int) Math.round(slot * 0.7)), h, i % labelEvery == 0));
        }
        return new BarChart(id, title, description, WIDTH, HEIGHT, max, List.copyOf(bars));
    }

    public int axisY() {
        return HEIGHT - BOTTOM;
    }

    public int left() {
        return LEFT;
    }

    public int top() {
        return TOP;
    }

    public int labelY() {
        return HEIGHT - BOTTOM + 24;
    }
}
