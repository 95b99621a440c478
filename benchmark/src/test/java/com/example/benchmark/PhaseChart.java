package com.example.benchmark;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A load phase as a picture (PNG), per half second: answers per second stacked by kind over the
 * breaker's state as bands, and p50 / p99 latency; dashed lines at the phase's moments (the
 * database stopped, started...).
 */
final class PhaseChart {

	/** One kind of answer: its name in the legend, its colour, which responses it counts. */
	record Layer(String name, Color color, Predicate<PhaseStats.Response> counts) {
	}

	/** The breaker's state at a moment (epoch milliseconds), as booksvc's actuator reported it. */
	record BreakerSample(long atMillis, String state) {
	}

	private static final long BIN_MILLIS = 500;

	private static final Map<String, Color> BREAKER_BANDS = Map.of("OPEN", new Color(230, 80, 70, 45), "HALF_OPEN",
			new Color(240, 170, 40, 60));

	private final long from;

	private final int bins;

	private final List<XYChart> charts = new ArrayList<>();

	/** Epoch milliseconds: the time axis is seconds since {@code from}. */
	PhaseChart(long from, long to) {
		this.from = from;
		this.bins = (int) Math.max(1, (to - from + BIN_MILLIS - 1) / BIN_MILLIS);
	}

	/**
	 * Writes the chart: {@code answers} counted by {@code layers} (bottom first), the latency of
	 * {@code timed}, the breaker's {@code samples}, and {@code moments} (label → epoch milliseconds).
	 */
	void write(Path png, String title, List<PhaseStats.Response> answers, List<Layer> layers, List<PhaseStats.Response> timed,
			String latencyTitle, List<BreakerSample> samples, Map<String, Long> moments) {
		List<double[]> counted = new ArrayList<>();
		for (Layer layer : layers) {
			double[] perSecond = new double[bins];
			answers.stream().filter(layer.counts()).mapToInt(answer -> bin(answer.sentAtMillis())).filter(bin -> bin >= 0)
				.forEach(bin -> perSecond[bin] += 1000.0 / BIN_MILLIS);
			counted.add(perSecond);
		}
		double[] total = new double[bins];
		counted.forEach(layer -> Arrays.setAll(total, i -> total[i] + layer[i]));
		double top = Math.max(1, Arrays.stream(total).max().orElse(1));

		XYChart stacked = chart(title, "answers per second");
		BREAKER_BANDS.forEach((state, color) -> area(stacked, "breaker " + state.toLowerCase().replace('_', '-'),
				band(samples, state, top * 1.2), color));
		// stacked: each layer drawn as itself plus those below it, the top one first
		for (int layer = layers.size() - 1; layer >= 0; layer--) {
			double[] upTo = new double[bins];
			for (int below = 0; below <= layer; below++) {
				double[] one = counted.get(below);
				Arrays.setAll(upTo, i -> upTo[i] + one[i]);
			}
			area(stacked, layers.get(layer).name(), upTo, layers.get(layer).color());
		}
		XYChart latency = chart(null, latencyTitle);
		latency.getStyler().setYAxisLogarithmic(true);
		List<List<Integer>> millis = new ArrayList<>();
		for (int i = 0; i < bins; i++) {
			millis.add(new ArrayList<>());
		}
		timed.forEach(response -> {
			int bin = bin(response.sentAtMillis());
			if (bin >= 0) {
				millis.get(bin).add(response.millis());
			}
		});
		double[] p99 = percentiles(millis, 99);
		line(latency, "p99", p99, new Color(200, 40, 40));
		line(latency, "p50", percentiles(millis, 50), new Color(60, 60, 60));
		// whole decades, so that the axis has labels however narrow the range
		latency.getStyler()
			.setYAxisMin(0.5)
			.setYAxisMax(Math.pow(10, Math.ceil(Math.log10(Math.max(10, Arrays.stream(p99).filter(Double::isFinite).max().orElse(10))))));
		stacked.getStyler().setYAxisMin(0.0).setYAxisMax(top * 1.2);

		int[] nth = { 0 };
		moments.forEach((label, at) -> {
			double x = (at - from) / 1000.0;
			charts.forEach(chart -> chart.addAnnotation(new AnnotationLine(x, true, false)));
			// alternately higher and lower, so that the labels of moments close together do not overlap
			stacked.addAnnotation(new AnnotationText(label, x, top * (nth[0]++ % 2 == 0 ? 1.16 : 1.06), false));
		});
		try {
			Files.createDirectories(png.getParent());
			BitmapEncoder.saveBitmap(charts, charts.size(), 1, png.toString(), BitmapEncoder.BitmapFormat.PNG);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private XYChart chart(String title, String yTitle) {
		XYChart chart = new XYChartBuilder().width(1000).height(360).xAxisTitle("seconds").yAxisTitle(yTitle).build();
		if (title != null) {
			chart.setTitle(title);
		}
		// Legends below, so that both plots are about as wide and their time axes line up.
		chart.getStyler()
			.setLegendPosition(Styler.LegendPosition.OutsideS)
			.setLegendLayout(Styler.LegendLayout.Horizontal)
			.setChartBackgroundColor(Color.WHITE)
			.setAnnotationLineColor(Color.DARK_GRAY)
			.setAnnotationLineStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] { 6, 4 }, 0));
		chart.getStyler().setXAxisMin(0.0).setXAxisMax(bins * BIN_MILLIS / 1000.0).setXAxisMaxLabelCount(25);
		charts.add(chart);
		return chart;
	}

	private void area(XYChart chart, String name, double[] y, Color color) {
		XYSeries series = chart.addSeries(name, seconds(), y);
		series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.StepArea);
		series.setFillColor(color);
		series.setLineColor(color);
		series.setMarker(SeriesMarkers.NONE);
	}

	private void line(XYChart chart, String name, double[] y, Color color) {
		XYSeries series = chart.addSeries(name, seconds(), y);
		series.setLineColor(color);
		series.setMarker(SeriesMarkers.NONE);
	}

	/** The band's height where the breaker was in {@code state} (its last sample in the bin), else 0. */
	private double[] band(List<BreakerSample> samples, String state, double height) {
		double[] band = new double[bins];
		for (BreakerSample sample : samples) {
			int bin = bin(sample.atMillis());
			if (bin >= 0) {
				band[bin] = sample.state().equals(state) ? height : 0;
			}
		}
		return band;
	}

	/**
	 * Each bin's percentile; none (a gap in the line) for a bin without answers, and 0 ms (Gatling
	 * counts whole milliseconds) as 0.5: a log axis takes no zero.
	 */
	private static double[] percentiles(List<List<Integer>> millis, double percentile) {
		double[] values = new double[millis.size()];
		for (int i = 0; i < values.length; i++) {
			int value = PhaseStats.percentile(millis.get(i), percentile);
			values[i] = value >= 0 ? Math.max(value, 0.5) : Double.NaN;
		}
		return values;
	}

	private double[] seconds() {
		double[] x = new double[bins];
		Arrays.setAll(x, i -> i * BIN_MILLIS / 1000.0);
		return x;
	}

	private int bin(long atMillis) {
		long bin = (atMillis - from) / BIN_MILLIS;
		return (atMillis < from || bin >= bins) ? -1 : (int) bin;
	}

}
