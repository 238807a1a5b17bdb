package dev.agentsociety.comparison.cli;

import dev.agentsociety.comparison.scenario.Progress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** One progress bar per phase of a scenario run; without a terminal (CI, a pipe), one line per phase instead. */
public final class BarProgress implements Progress, AutoCloseable {

    private final String run;
    private final boolean terminal = System.console() != null;
    private ProgressBar bar;

    public BarProgress(String run) {
        this.run = run;
    }

    @Override
    public void phase(String name, long total) {
        close();
        if (!terminal) {
            System.err.println("  " + run + ": " + name);
            return;
        }
        bar = new ProgressBarBuilder().setTaskName(run + ": " + name).setInitialMax(total > 0 ? total : -1)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build();
    }

    @Override
    public void done(long count) {
        if (bar != null) {
            bar.stepTo(count);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
