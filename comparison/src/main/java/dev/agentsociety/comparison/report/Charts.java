package dev.agentsociety.comparison.report;

import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.comparison.measure.ScenarioResult.Percentile;
import dev.agentsociety.comparison.measure.ScenarioResult.ProcessCost;
import dev.agentsociety.comparison.scenario.scale.ScaleDetails;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Rectangle;
import java.text.DecimalFormat;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * The report's charts, drawn by JFreeChart into inline SVG (JFreeSVG): nothing is fetched when the page opens.
 * Each chart shows only the runs that measured its figure — a scenario that measures no throughput has no bar,
 * not a zero. Every chart is an {@code <svg class="chart">}; an empty string when no run measured the figure.
 */
final class Charts {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final Map<String, Color> COLORS = Map.of("direct-kafka", new Color(0xd9822b), "dapr", new Color(0x0d6efd),
            "offered", new Color(0x9e9e9e));
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final int WIDTH = 760;

    private Charts() {
    }

    /**
     * One chart per run label (a scenario, or fan-out at one offered rate): the latency at each percentile, both
     * axes logarithmic — HdrHistogram's percentile distribution, so the tail is as legible as the median.
     */
    static String latencyPercentiles(List<ScenarioResult> entries) {
        Map<String, XYSeriesCollection> byLabel = new LinkedHashMap<>();
        for (ScenarioResult entry : entries) {
            List<Percentile> points = entry.latencyPercentiles();
            if (points == null || points.isEmpty()) {
                continue;
            }
            // both axes in decades, plotted as their logarithms: the tick labels stay text a reader can select
            XYSeries series = new XYSeries(entry.implementation(), false, true);
            points.forEach(point -> series.add(Math.log10(1 / (1 - point.percentile() / 100)), Math.log10(Math.max(0.01, point.ms()))));
            byLabel.computeIfAbsent(Report.label(entry), label -> new XYSeriesCollection()).addSeries(series);
        }
        StringBuilder svg = new StringBuilder();
        byLabel.forEach((label, data) -> {
            JFreeChart chart = ChartFactory.createXYLineChart("latency by percentile: " + label, "percentile", "ms", data);
            XYPlot plot = chart.getXYPlot();
            NumberAxis percentile = new NumberAxis("percentile");
            percentile.setTickUnit(new NumberTickUnit(1, new Decades(true)));
            plot.setDomainAxis(percentile);
            NumberAxis millis = new NumberAxis("ms (log scale)");
            millis.setTickUnit(new NumberTickUnit(1, new Decades(false)));
            millis.setAutoRangeIncludesZero(false);
            plot.setRangeAxis(millis);
            XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
            for (int i = 0; i < data.getSeriesCount(); i++) {
                lines.setSeriesPaint(i, color(data.getSeriesKey(i).toString()));
                lines.setSeriesStroke(i, new BasicStroke(2f));
            }
            plot.setRenderer(lines);
            style(chart);
            svg.append(svg(chart, 300));
        });
        return svg.toString();
    }

    /**
     * The scale scenario's curves, agents on a logarithmic axis: activities per second and the p99, a line per
     * implementation and style (dashed: synchronous calls), the runs without a slow agent.
     */
    static String scaleCurves(List<ScenarioResult> entries) {
        XYSeriesCollection throughput = new XYSeriesCollection();
        XYSeriesCollection p99 = new XYSeriesCollection();
        for (ScenarioResult entry : entries) {
            entry.details(ScaleDetails.class).ifPresent(details -> {
                for (String style : List.of("events", "sync")) {
                    XYSeries rate = new XYSeries(entry.implementation() + " " + style);
                    XYSeries tail = new XYSeries(entry.implementation() + " " + style);
                    details.runs().stream().filter(run -> run.style().equals(style) && !run.slow() && run.completed()).forEach(run -> {
                        rate.add(run.agents(), run.activitiesPerSec());
                        tail.add(run.agents(), run.latencyMs().p99());
                    });
                    throughput.addSeries(rate);
                    p99.addSeries(tail);
                }
            });
        }
        if (throughput.getSeriesCount() == 0) {
            return "";
        }
        return curve("activities per second by population", "activities /s", throughput)
                + curve("p99 by population (from each activity's intended send time)", "ms", p99);
    }

    private static String curve(String title, String unit, XYSeriesCollection data) {
        JFreeChart chart = ChartFactory.createXYLineChart(title, "agents", unit, data);
        XYPlot plot = chart.getXYPlot();
        LogAxis agents = new LogAxis("agents (log scale)");
        agents.setBase(10);
        agents.setNumberFormatOverride(NumberFormat.getIntegerInstance(Locale.ROOT));
        plot.setDomainAxis(agents);
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            String key = data.getSeriesKey(i).toString();
            lines.setSeriesPaint(i, color(key.substring(0, key.indexOf(' '))));
            lines.setSeriesStroke(i, key.endsWith("sync") ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f) : new BasicStroke(2f));
        }
        plot.setRenderer(lines);
        style(chart);
        return svg(chart, 300);
    }

    /** Answered messages per second for each run that measured it, with the offered rate beside it where one was set. */
    static String throughput(List<ScenarioResult> entries) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (ScenarioResult entry : entries) {
            if (entry.throughputPerSec() != null) {
                double rate = Report.fanOutRate(entry).orElse(0.0);
                if (rate > 0) {
                    data.setValue(rate, "offered", Report.label(entry));
                }
                data.addValue(entry.throughputPerSec(), entry.implementation(), Report.label(entry));
            }
        }
        return bars("throughput against offered rate", "answered per s", data);
    }

    /** CPU seconds spent per 1,000 messages sent, by the agents, their sidecars and the broker (not the harness). */
    static String cpuPerThousandMessages(List<ScenarioResult> entries) {
        return perRun("CPU per 1,000 messages (agents, sidecars, broker)", "CPU s per 1,000 messages", entries, entry -> {
            long sent = entry.sent() == null ? 0 : entry.sent();
            return sent <= 0 ? Double.NaN : 1000 * sum(entry, ProcessCost::cpuSeconds, process -> !process.runner()) / sent;
        });
    }

    /** Peak resident memory of the agents and their sidecars, summed: what the society occupies while it works. */
    static String memory(List<ScenarioResult> entries) {
        return perRun("peak memory of the agents and their sidecars", "MB resident", entries,
                entry -> sum(entry, process -> Math.max(0, process.peakRssMb()), process -> process.agent() || process.sidecar()));
    }

    private static double sum(ScenarioResult entry, ToDoubleFunction<ProcessCost> value, Predicate<ProcessCost> counted) {
        if (!entry.measuredProcesses()) {
            return Double.NaN;
        }
        return entry.processes().stream().filter(counted).mapToDouble(value).sum();
    }

    private static String perRun(String title, String unit, List<ScenarioResult> entries, ToDoubleFunction<ScenarioResult> figure) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (ScenarioResult entry : entries) {
            double value = figure.applyAsDouble(entry);
            if (!Double.isNaN(value)) {
                data.addValue(Math.round(value * 100) / 100.0, entry.implementation(), Report.label(entry));
            }
        }
        return bars(title, unit, data);
    }

    private static String bars(String title, String unit, DefaultCategoryDataset data) {
        if (data.getColumnCount() == 0) {
            return "";
        }
        JFreeChart chart = ChartFactory.createBarChart(title, null, unit, data, PlotOrientation.HORIZONTAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.05);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", NumberFormat.getNumberInstance(Locale.ROOT)));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(FONT);
        for (int i = 0; i < data.getRowCount(); i++) {
            renderer.setSeriesPaint(i, color(data.getRowKey(i).toString()));
        }
        plot.getRangeAxis().setUpperMargin(0.15); // room for the value labels
        style(chart);
        return svg(chart, 80 + data.getColumnCount() * 22 * Math.max(1, data.getRowCount()));
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(FONT.deriveFont(Font.BOLD, 14f));
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        chart.getPlot().setOutlineVisible(false);
        if (chart.getPlot() instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(Color.LIGHT_GRAY);
            xy.setRangeGridlinePaint(Color.LIGHT_GRAY);
        } else if (chart.getPlot() instanceof CategoryPlot category) {
            category.setRangeGridlinePaint(Color.LIGHT_GRAY);
        }
    }

    private static Paint color(String series) {
        return COLORS.getOrDefault(series, Color.DARK_GRAY);
    }

    private static String svg(JFreeChart chart, int height) {
        SVGGraphics2D graphics = new SVGGraphics2D(WIDTH, height);
        // ids from the chart's title, not a clock: a report written again from the same results is the same file
        graphics.setDefsKeyPrefix("chart" + Integer.toHexString(chart.getTitle().getText().hashCode()) + "-");
        chart.draw(graphics, new Rectangle(0, 0, WIDTH, height));
        return graphics.getSVGElement().replaceFirst("<svg ", "<svg class=\"chart\" ");
    }

    /**
     * A tick at decade {@code d} of a logarithmic axis: as the value {@code 10^d} (milliseconds), or as the percentile
     * that {@code 10^d = 1 / (1 - p)} stands for (1 is 90 %, 3 is 99.9 %).
     */
    private static final class Decades extends NumberFormat {

        private final boolean percentile;

        Decades(boolean percentile) {
            this.percentile = percentile;
        }

        @Override
        public StringBuffer format(double decade, StringBuffer to, FieldPosition position) {
            double value = Math.pow(10, decade);
            return percentile ? to.append(new DecimalFormat("0.####").format(100 * (1 - 1 / value))).append('%')
                    : to.append(new DecimalFormat("0.##").format(value));
        }

        @Override
        public StringBuffer format(long decade, StringBuffer to, FieldPosition position) {
            return format((double) decade, to, position);
        }

        @Override
        public Number parse(String source, ParsePosition position) {
            throw new UnsupportedOperationException("labels only");
        }
    }
}
