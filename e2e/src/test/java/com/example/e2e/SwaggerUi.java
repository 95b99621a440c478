package com.example.e2e;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A service's Swagger UI in headless Chromium, used as a person would: open the page, expand an
 * operation, "Try it out", fill in its parameters, "Execute", read the answer's status. Debian's
 * chromium and chromedriver where installed (CI installs them), else Selenium Manager finds a
 * browser and driver.
 */
final class SwaggerUi implements AutoCloseable {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private final WebDriver browser;

	private final WebDriverWait wait;

	SwaggerUi(String baseUrl) {
		ChromeOptions options = new ChromeOptions().addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
				"--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
				"--disable-component-update", "--disable-sync");
		ChromeDriverService service = ChromeDriverService.createDefaultService();
		if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
			options.setBinary(CHROMIUM.toFile());
			service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString())).build();
		}
		this.browser = new ChromeDriver(service, options);
		this.wait = new WebDriverWait(browser, Duration.ofSeconds(30));
		browser.get(baseUrl + "/swagger-ui.html");
	}

	/** Tries the operation {@code tag}/{@code operationId} with these path parameters; the status shown. */
	String tryOut(String tag, String operationId, String parameter, String value) {
		String operation = "#operations-" + tag + "-" + operationId;
		wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(operation + " .opblock-summary"))).click();
		wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(operation + " .try-out__btn"))).click();
		WebElement input = wait.until(ExpectedConditions
			.visibilityOfElementLocated(By.cssSelector(operation + " input[placeholder='" + parameter + "']")));
		input.sendKeys(value);
		browser.findElement(By.cssSelector(operation + " .execute")).click();
		return wait
			.until(ExpectedConditions.visibilityOfElementLocated(
					By.cssSelector(operation + " .live-responses-table .response .response-col_status")))
			.getText()
			.trim();
	}

	/** The body of the answer shown for the operation. */
	String responseBody(String tag, String operationId) {
		return browser.findElement(By.cssSelector("#operations-" + tag + "-" + operationId + " .live-responses-table .microlight"))
			.getText();
	}

	@Override
	public void close() {
		browser.quit();
	}

}
