package com.example.benchmark;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.gatling.javaapi.core.Simulation;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * The ablation (Ablation): the compose stack started fresh, booksvc under each set of policies in
 * turn, the same six faults against each. One table (target/ablation-results.md) and one chart
 * (docs/benchmark-ablation.png, this run's), then the verdict on booksvc as it ships (Verdict): the
 * build fails in its verify phase when another set beats it on a fault or it misses a minimum
 * (target/ablation-missed-targets.txt, each reason a line), unless -Dbenchmark.failOnTarget=false.
 * Bounded: every load and every wait in it has a limit of its own.
 */
public class AblationBenchmark extends Simulation {

	/** Read by the enforcer in this module's pom, as ResilienceBenchmark.MISSED_TARGETS. */
	static final String MISSED_TARGETS = "ablation-missed-targets.txt";

	private static final String[] KINDS = { "live", "cache", "404", "503", "other 5xx", "other", "no answer" };

	private final Stack stack = new Stack(System.getProperty("booksvc", "http://localhost:8081"),
			System.getProperty("storagesvc", "http://localhost:8082"));

	private final Path output = Path.of(System.getProperty("benchmark.output", "target"));

	private List<Cell> cells = List.of();

	private long startedAt;

	{
		// The work is all in before(), off Gatling's threads. Gatling ends a run without a request
		// as a failure, so one: booksvc, back as it ships, ready.
		setUp(scenario("ablation").exec(http("booksvc ready").get(stack.booksvc + "/actuator/health/readiness"))
			.injectOpen(atOnceUsers(1))).protocols(http);
	}

	@Override
	public void before() {
		startedAt = System.nanoTime();
		try {
			// An earlier run's verdict must not fail this one's build, even if this one ends early.
			Files.deleteIfExists(output.resolve(MISSED_TARGETS));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		stack.up();
		cells = new Ablation(stack).run();
	}

	@Override
	public void after() {
		Verdict verdict = new Verdict(cells);
		String table = table(verdict);
		System.out.println(table);
		try {
			Files.createDirectories(output);
			Files.writeString(output.resolve("ablation-results.md"), table);
			// A run of some sets or faults only draws beside its table, not over the committed chart.
			boolean whole = Ablation.SETS.size() == Ablation.VARIANTS.size()
					&& Ablation.FAULTS.size() == Ablation.Fault.values().length;
			chart(whole ? Path.of(System.getProperty("project.root", "..")).resolve("docs/benchmark-ablation.png")
					: output.resolve("benchmark-ablation.png"));
			writeMissedTargets(verdict.failures());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (!Boolean.getBoolean("keep")) {
			stack.compose("down", "-v");
		}
		System.out.printf("The ablation took %.1f min%n", (System.nanoTime() - startedAt) / 60e9);
	}

	/**
	 * A file the build fails on, not a throw: the Gatling plugin stops at a simulation that errs, and
	 * ResilienceBenchmark, which the same command runs next, would not run at all.
	 */
	private void writeMissedTargets(List<String> failures) throws IOException {
		if (failures.isEmpty()) {
			System.out.println("The shipped policies: beaten on no fault, every minimum met");
			return;
		}
		System.out.println("The shipped policies fail (" + failures.size() + "):\n" + String.join("\n", failures));
		if (Boolean.parseBoolean(System.getProperty("benchmark.failOnTarget", "true"))) {
			Files.writeString(output.resolve(MISSED_TARGETS), String.join("\n", failures) + "\n");
		}
	}

	private String table(Verdict verdict) {
		StringBuilder table = new StringBuilder("| fault | policies | requests | live | cache | 404 | 503 | other 5xx | other "
				+ "| no answer | good % | p50 / p99 / max ms | storagesvc calls a request | live again | fault figure "
				+ "| beaten by | minimum |\n" + "|---".repeat(17) + "|\n");
		for (Cell cell : cells) {
			table.append("| ").append(cell.fault().title).append(" | ").append(cell.variant().name()).append(" | ")
				.append(cell.answers().size());
			for (String kind : KINDS) {
				table.append(" | ").append(cell.count(kind));
			}
			table.append(String.format(Locale.ROOT, " | %.1f | %.0f / %.0f / %.0f | %.2f | %.1f s | %s", 100 * cell.goodShare(),
					cell.percentile(0.5), cell.percentile(0.99), cell.percentile(1.0), cell.amplification(),
					cell.liveAgainSeconds(), Verdict.figure(cell)));
			if (cell.variant().equals(Ablation.SHIPPED)) {
				List<String> beatenBy = verdict.beatenBy(cell.fault());
				table.append(" | ").append(beatenBy.isEmpty() ? "—" : String.join(", ", beatenBy)).append(" | ")
					.append(verdict.minimum(cell.fault()).map(Verdict.Minimum::toString).orElse("—"));
			}
			else {
				table.append(" | | ");
			}
			table.append(" |\n");
		}
		return table.toString();
	}

	/**
	 * Per fault and set of policies, two panels: the share of answers that failed the caller (503,
	 * other 5xx, no answer; in the flood the door's 503s are by design), and the p99.
	 */
	private void chart(Path png) throws IOException {
		CategoryChart failed = panel("Answers that failed the caller: 503, other 5xx or none", "% of answers");
		CategoryChart p99 = panel("p99 latency", "ms");
		List<String> faults = new ArrayList<>();
		for (Ablation.Fault fault : Ablation.FAULTS) {
			faults.add(fault.label);
		}
		for (Ablation.Variant variant : Ablation.SETS) {
			List<Double> failures = new ArrayList<>();
			List<Double> latencies = new ArrayList<>();
			for (Ablation.Fault fault : Ablation.FAULTS) {
				Cell cell = cells.stream().filter(c -> c.variant().equals(variant) && c.fault() == fault).findFirst().orElseThrow();
				failures.add(100 * cell.failedShare());
				latencies.add(cell.percentile(0.99));
			}
			failed.addSeries(variant.name(), faults, failures);
			p99.addSeries(variant.name(), faults, latencies);
		}
		Files.createDirectories(png.getParent());
		BitmapEncoder.saveBitmap(List.of(failed, p99), 2, 1, png.toString(), BitmapEncoder.BitmapFormat.PNG);
	}

	private static CategoryChart panel(String title, String unit) {
		CategoryChart chart = new CategoryChartBuilder().width(1200).height(330).title(title).yAxisTitle(unit).build();
		chart.getStyler().setYAxisMin(0.0);
		chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
		chart.getStyler().setChartBackgroundColor(Color.WHITE);
		return chart;
	}

}
