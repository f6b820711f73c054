package org.unsilo.cli;

import java.io.PrintStream;
import java.text.DecimalFormat;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.unsilo.importer.ImportProgress;

/**
 * Import progress in the terminal: a progress bar with count, rate and ETA (me.tongfei:progressbar)
 * when a person is watching, and plain start/finish lines when the output goes to a file or a CI log,
 * where a redrawn bar would only leave hundreds of carriage returns.
 */
final class ConsoleProgress implements ImportProgress {

    private final PrintStream out;
    private final boolean interactive;
    private ProgressBar bar;
    private String task;
    private long startedNanos;
    private long done;
    private long resumedAt;

    ConsoleProgress(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /** On standard error, with a bar only when there is a console. */
    static ConsoleProgress onStderr() {
        return new ConsoleProgress(System.err, System.console() != null);
    }

    @Override
    public void start(String task, long total, long alreadyDone) {
        this.task = task;
        this.startedNanos = System.nanoTime();
        this.done = alreadyDone;
        this.resumedAt = alreadyDone;
        if (interactive) {
            // Short task name and no unit text: an 80-column terminal still has room for the bar itself.
            bar = new ProgressBarBuilder()
                    .setTaskName(task.length() > 30 ? task.substring(0, 29) + "…" : task)
                    .setInitialMax(total < 0 ? -1 : total)
                    .setStyle(ProgressBarStyle.ASCII)
                    .showSpeed(new DecimalFormat("#"))
                    .setUpdateIntervalMillis(250)
                    .startsFrom(alreadyDone, Duration.ZERO)
                    .setConsumer(new ConsoleProgressBarConsumer(out))
                    .build();
        } else if (total >= 0) {
            startLine(total);
        }
        // Else the start line waits for the total (counted while the import runs: total()).
    }

    private void startLine(long total) {
        out.println(task + ": " + records(total) + (resumedAt > 0 ? ", resuming after record " + resumedAt : ""));
    }

    @Override
    public void total(long total) {
        if (bar != null) {
            bar.maxHint(total);
        } else if (task != null) {
            startLine(total);
        }
    }

    @Override
    public void advance(long items) {
        done += items;
        if (bar != null) {
            bar.stepBy(items);
        }
    }

    @Override
    public void note(String line) {
        if (bar != null) {
            // Start at column 0 over the bar, then let the bar redraw itself below the note.
            out.print('\r');
            out.println(line + " ".repeat(Math.max(0, 60 - line.length())));
            bar.refresh();
        } else {
            out.println(line);
        }
    }

    private static String records(long n) {
        return n + (n == 1 ? " record" : " records");
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        } else if (task != null) {
            double seconds = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
            out.printf("%s: %s in %.1f s (%.0f records/s)%n", task, records(done), seconds, (done - resumedAt) / seconds);
        }
        task = null;
    }
}
