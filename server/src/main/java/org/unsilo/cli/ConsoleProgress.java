package org.unsilo.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.unsilo.importer.ImportProgress;

/**
 * A terminal progress bar (me.tongfei:progressbar) with count, rate and ETA. In a terminal it redraws one
 * line; when output goes to a file or a pipe (CI logs, a child process in a test) it prints a plain line
 * every few seconds instead of a stream of carriage returns.
 */
final class ConsoleProgress implements ImportProgress {

    private final PrintStream out;
    private final boolean interactive;
    private ProgressBar bar;

    ConsoleProgress(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    static ConsoleProgress forTerminal() {
        return new ConsoleProgress(System.err, System.console() != null);
    }

    @Override
    public void start(String task, long total, long alreadyDone) {
        ProgressBarBuilder b = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setUnit(" msg", 1)
                .showSpeed()
                .setSpeedUnit(ChronoUnit.SECONDS)
                // Rate and ETA from this run only: a resumed import starts at its checkpoint, not at zero.
                .startsFrom(alreadyDone, Duration.ZERO);
        if (interactive) {
            b.setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(200);
        } else {
            b.setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(5_000).setMaxRenderedLength(100)
                    .setConsumer(new DelegatingProgressBarConsumer(out::println, 100));
        }
        bar = b.build();
    }

    @Override
    public void advance(long items) {
        if (bar != null) {
            bar.stepBy(items);
        }
    }

    @Override
    public void note(String line) {
        if (bar != null && interactive) {
            out.println();
        }
        out.println(line);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
