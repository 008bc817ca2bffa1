package io.chatservice.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import io.chatservice.bench.scenario.Figures;

/** p99 latency against delivered load, one line per server, from the rate sweep of one fan-out room size. */
public final class LatencyChart {

    private LatencyChart() {
    }

    public static void write(List<Figures> figures, String scenarioPrefix, Path png) throws IOException {
        Map<String, List<Figures>> byServer = new LinkedHashMap<>();
        figures.stream().filter(f -> f.scenario().startsWith(scenarioPrefix + "@"))
                .forEach(f -> byServer.computeIfAbsent(f.server(), k -> new ArrayList<>()).add(f));
        if (byServer.isEmpty()) {
            return;
        }
        XYChart chart = new XYChartBuilder().width(900).height(560)
                .title("Group fan-out, " + scenarioPrefix.replace("fanout-", "") + " members: p99 latency against load")
                .xAxisTitle("deliveries per second").yAxisTitle("p99 end-to-end latency (ms, log)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        byServer.forEach((server, points) -> {
            double[] x = points.stream().mapToDouble(Figures::deliveriesPerSecond).toArray();
            double[] y = points.stream().mapToDouble(f -> Math.max(f.p99Ms(), 0.01)).toArray();
            chart.addSeries(server, x, y).setMarker(SeriesMarkers.CIRCLE);
        });
        Files.createDirectories(png.toAbsolutePath().getParent());
        // xchart appends the extension itself.
        BitmapEncoder.saveBitmap(chart, png.toString().replaceFirst("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    }
}
