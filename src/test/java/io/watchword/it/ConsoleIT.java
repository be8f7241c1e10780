package io.watchword.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.watchword.channel.provider.FakeHttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console (contract §9) in headless Chromium, walked as a new admin would: log in,
 * make an SMS web-service connection to a fake provider in this JVM (one wrong field first),
 * test it, make a journey from the SMS template (one error first), run it from the demo page,
 * and find its events. Screenshots of each step go to {@code target/screenshots/}. Like
 * {@link BrowserIT} it needs Debian's chromium and chromedriver, and is skipped without them
 * unless {@code WATCHWORD_REQUIRE_BROWSER=1}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConsoleIT {

    static final int SMS_PORT = Deployments.port(3071);
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String SECRET = "Bearer console-secret-7Q2x";

    static FakeHttpServer sms;

    @ArquillianResource
    URL url;

    Api api;
    WebDriver browser;
    Path profile;
    String testName;
    int shot;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.watchword();
    }

    @BeforeAll
    static void fakeSmsProvider() throws IOException {
        sms = new FakeHttpServer(SMS_PORT);
    }

    @AfterAll
    static void stopFakeSmsProvider() {
        sms.close();
    }

    @BeforeEach
    void setUp(TestInfo info) {
        testName = info.getTestMethod().map(m -> m.getName()).orElse("test");
        api = new Api(url);
        sms.reset();
        sms.on("/send", FakeHttpServer.Response.json(200, "{\"messageId\":\"fake-42\",\"status\":\"queued\"}"));
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser != null) {
            screenshot("end");
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        for (String journey : List.of("console_sms")) {
            api.admin("DELETE", "/journeys/" + journey, null);
        }
        for (String connection : List.of("console-sms", "console-keep")) {
            api.admin("DELETE", "/connections/" + connection, null);
        }
    }

    @Test
    void aNewAdminConnectsAnSmsProviderMakesAJourneyRunsItAndFindsItsEvents() throws Exception {
        // Log in: the browser's HTTP Basic prompt, answered with the development admin.
        logIn();
        screenshot("logged-in");

        // A connection with one wrong field: the error shows at that field.
        browser.findElement(By.id("new-connection")).click();
        WebElement name = waitFor(By.id("connection-name"));
        assertThat(browser.switchTo().activeElement()).as("the form's first field has the focus").isEqualTo(name);
        name.sendKeys("console-sms");
        new Select(browser.findElement(By.id("connection-provider"))).selectByValue("sms_webservice");
        assertThat(new Select(browser.findElement(By.id("connection-channel"))).getFirstSelectedOption().getText())
                .isEqualTo("sms");
        assertThat(browser.findElement(By.cssSelector("label[for=setting-url]")).getText()).isEqualTo("url");
        assertThat(browser.findElement(By.id("secret-authorization")).getDomAttribute("type")).isEqualTo("password");
        browser.findElement(By.id("setting-url")).sendKeys("localhost:" + SMS_PORT + "/send");
        browser.findElement(By.id("setting-headers")).sendKeys("{\"Content-Type\": \"application/json\"}");
        browser.findElement(By.id("setting-bodyTemplate")).sendKeys("{\"to\": \"${to}\", \"text\": \"${text}\"}");
        browser.findElement(By.id("secret-authorization")).sendKeys(SECRET);
        screenshot("connection-form");
        browser.findElement(By.id("save-connection")).click();

        WebElement urlError = waitFor(By.cssSelector("[data-error-for='settings.url']"));
        assertThat(urlError.getText()).isEqualTo("must be an http or https URL");
        WebElement urlInput = browser.findElement(By.id("setting-url"));
        assertThat(urlInput.getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(urlInput.getDomAttribute("aria-describedby")).contains(urlError.getDomAttribute("id"));
        assertThat(browser.switchTo().activeElement()).as("the wrong field has the focus").isEqualTo(urlInput);
        assertThat(browser.findElements(By.cssSelector(".field-error:not([hidden])"))).hasSize(1);
        screenshot("connection-error-at-field");

        // Fix it: Enter in the field submits the form.
        urlInput.clear();
        urlInput.sendKeys("http://127.0.0.1:" + SMS_PORT + "/send", Keys.ENTER);
        waitForText("#status", "Saved the connection console-sms.");
        WebElement listed = waitFor(By.cssSelector("#connection-list tr[data-connection=console-sms]"));
        assertThat(listed.getText()).contains("sms", "sms_webservice");
        JsonObject stored = api.admin("GET", "/connections/console-sms", null).json();
        assertThat(stored.getJsonObject("secrets").getString("authorization")).isEqualTo("***");
        assertThat(stored.getJsonObject("settings").getString("url")).isEqualTo("http://127.0.0.1:" + SMS_PORT + "/send");
        assertNoSecretInThePage();
        screenshot("connection-saved");

        // Test send to the fake provider: its answer is shown.
        WebElement to = waitFor(By.id("test-to"));
        assertThat(browser.switchTo().activeElement()).isEqualTo(to);
        to.sendKeys("+4915100000001", Keys.ENTER);
        WebElement result = waitFor(By.cssSelector("#test-result[data-delivered=true]"));
        assertThat(result.getText()).contains("Delivered", "fake-42", "queued");
        List<FakeHttpServer.Request> sent = sms.requests("/send");
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).header("Authorization")).isEqualTo(SECRET);
        assertThat(json(sent.get(0).body()).getString("to")).isEqualTo("+4915100000001");
        screenshot("test-send");

        // A journey from the SMS template, with one error: it is listed at its dotted path.
        browser.findElement(By.cssSelector("a[data-tab=journeys]")).click();
        new Select(waitFor(By.id("template-choice"))).selectByValue("otp_login_sms");
        browser.findElement(By.id("template-id")).sendKeys("console_sms", Keys.ENTER);
        WebElement editor = waitFor(By.id("journey-json"));
        String template = editor.getDomProperty("value");
        assertThat(json(template).getString("id")).isEqualTo("console_sms");
        assertThat(template).contains("\"connection\": \"demo-sms\"");
        replaceEditorText(editor, template.replace("\"demo-sms\"", "\"console-sms\"")
                .replace("\"next\": \"done\"", "\"next\": \"finish\""));
        screenshot("journey-from-template");
        browser.findElement(By.id("save-journey")).click();

        WebElement error = waitFor(By.cssSelector("#journey-errors li[data-path='steps.otp.next']"));
        assertThat(error.getText()).startsWith("steps.otp.next: ").contains("finish");
        assertThat(browser.findElements(By.cssSelector("#journey-errors li"))).hasSize(1);
        WebElement link = error.findElement(By.tagName("a"));
        assertThat(browser.switchTo().activeElement()).as("the first error has the focus").isEqualTo(link);
        link.sendKeys(Keys.ENTER);
        assertThat(browser.switchTo().activeElement()).isEqualTo(editor);
        assertThat(selectedText(editor)).as("following the link selects the path's key").isEqualTo("\"next\"");
        assertThat(api.admin("GET", "/journeys/console_sms", null).status()).isEqualTo(404);
        screenshot("journey-error-at-path");

        replaceEditorText(editor, editor.getDomProperty("value").replace("\"next\": \"finish\"", "\"next\": \"done\""));
        browser.findElement(By.id("save-journey")).click();
        waitForText("#status", "Saved the journey console_sms.");
        waitFor(By.cssSelector("#journey-list tr[data-journey=console_sms]"));
        screenshot("journey-saved");

        // Run it from the demo page, with the passcode the fake provider received.
        sms.reset();
        sms.on("/send", FakeHttpServer.Response.json(200, "{\"messageId\":\"fake-43\"}"));
        browser.get(api.base() + "/");
        new Select(waitFor(By.id("journey-choice"))).selectByValue("");
        waitFor(By.id("journey-other")).sendKeys("console_sms", Keys.ENTER);
        // A recipient of this run only: the events check must not meet an older run's (a reused database).
        String phone = "+49151" + String.format("%08d", java.util.concurrent.ThreadLocalRandom.current().nextInt(100_000_000));
        waitFor(By.id("field-phone")).sendKeys(phone, Keys.ENTER);
        WebElement passcode = waitFor(By.id("passcode"));
        screenshot("demo-otp-step");
        passcode.sendKeys(passcodeSentTo(phone), Keys.ENTER);
        waitFor(By.cssSelector("[data-step=success]"));
        assertThat(text("#claims [data-claim=journey]")).isEqualTo("console_sms");
        screenshot("demo-success");

        // Its events in the console, newest first.
        browser.get(consoleUrl() + "#events");
        WebElement user = waitFor(By.id("events-user"));
        user.sendKeys(phone, Keys.ENTER);
        // Read the table in one script: it is re-rendered while the page's first query and the filter's run.
        String readRows = "return [...document.querySelectorAll('#event-list tbody tr')]"
                + ".map(r => r.dataset.type + ' ' + r.textContent)";
        new WebDriverWait(browser, WAIT).until(b -> {
            List<?> rows = (List<?>) ((JavascriptExecutor) b).executeScript(readRows);
            return rows.size() == 2 && rows.stream().allMatch(r -> r.toString().contains(phone));
        });
        @SuppressWarnings("unchecked")
        List<String> rows = (List<String>) ((JavascriptExecutor) browser).executeScript(readRows);
        assertThat(rows).extracting(r -> r.substring(0, r.indexOf(' '))).containsExactly("otp.verified", "otp.sent");
        assertThat(rows.get(1)).as("otp.sent names the connection").contains("console-sms");
        screenshot("events");
    }

    @Test
    void storedSecretsAreKeptReplacedOrRemovedWithoutEverReachingThePage() throws Exception {
        JsonObject conn = Json.createObjectBuilder().add("name", "console-keep").add("channel", "sms")
                .add("provider", "sms_webservice").add("settings", Json.createObjectBuilder()
                        .add("url", "http://127.0.0.1:" + SMS_PORT + "/send").add("bodyTemplate", "${to} ${text}"))
                .add("secrets", Json.createObjectBuilder().add("authorization", SECRET)).build();
        assertThat(api.admin("PUT", "/connections/console-keep", conn).status()).isEqualTo(201);
        logIn();
        browser.manage().window().setSize(new Dimension(390, 844));
        WebElement edit = waitFor(By.cssSelector("tr[data-connection=console-keep] button[aria-label='Edit console-keep']"));
        edit.sendKeys(Keys.ENTER);
        WebElement secret = waitFor(By.id("secret-authorization"));
        assertThat(secret.getDomAttribute("placeholder")).isEqualTo("***");
        assertThat(secret.getDomProperty("value")).isEmpty();
        assertThat(secret.isEnabled()).as("kept unless the admin chooses to replace it").isFalse();
        assertThat((Boolean) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
                .as("nothing sticks out sideways on a phone-sized screen").isTrue();
        screenshot("edit-on-a-phone");

        // Keep: a changed setting is saved, the secret still works.
        WebElement timeout = browser.findElement(By.id("setting-timeoutMillis"));
        timeout.sendKeys("5000", Keys.ENTER);
        waitForText("#status", "Saved the connection console-keep.");
        waitFor(By.id("test-to")).sendKeys("+4915100000003", Keys.ENTER);
        waitFor(By.cssSelector("#test-result[data-delivered=true]"));
        assertThat(sms.requests("/send").get(0).header("Authorization")).isEqualTo(SECRET);
        assertThat(api.admin("GET", "/connections/console-keep", null).json().getJsonObject("settings")
                .getInt("timeoutMillis")).isEqualTo(5000);

        // Replace, then remove.
        openEdit("console-keep");
        new Select(browser.findElement(By.id("secret-authorization-mode"))).selectByValue("replace");
        WebElement replaced = browser.findElement(By.id("secret-authorization"));
        assertThat(browser.switchTo().activeElement()).isEqualTo(replaced);
        replaced.sendKeys("Bearer replaced-9", Keys.ENTER);
        waitForText("#status", "Saved the connection console-keep.");
        sms.reset();
        sms.on("/send", FakeHttpServer.Response.json(200, "{}"));
        waitFor(By.id("test-to")).sendKeys("+4915100000003", Keys.ENTER);
        waitFor(By.cssSelector("#test-result[data-delivered=true]"));
        assertThat(sms.requests("/send").get(0).header("Authorization")).isEqualTo("Bearer replaced-9");
        assertNoSecretInThePage();

        openEdit("console-keep");
        new Select(browser.findElement(By.id("secret-authorization-mode"))).selectByValue("remove");
        browser.findElement(By.id("save-connection")).click();
        waitForText("#status", "Saved the connection console-keep.");
        assertThat(api.admin("GET", "/connections/console-keep", null).json().getJsonObject("secrets")).isEmpty();
    }

    @Test
    void deletingAConnectionAJourneyUsesNamesTheJourney() throws Exception {
        JsonObject conn = Json.createObjectBuilder().add("name", "console-sms").add("channel", "sms")
                .add("provider", "sms_webservice").add("settings", Json.createObjectBuilder()
                        .add("url", "http://127.0.0.1:" + SMS_PORT + "/send").add("bodyTemplate", "${to} ${text}"))
                .build();
        assertThat(api.admin("PUT", "/connections/console-sms", conn).status()).isEqualTo(201);
        String journey = Files.readString(Path.of("src/main/resources/journeys/otp_login_sms.json")).replace("\"otp_login_sms\"", "\"console_sms\"")
                .replace("demo-sms", "console-sms");
        assertThat(api.send("PUT", "/api/admin/journeys/console_sms", journey, "application/json",
                "Basic " + base64(Api.ADMIN)).status())
                .isEqualTo(201);
        logIn();
        waitFor(By.cssSelector("button[aria-label='Delete console-sms']")).sendKeys(Keys.ENTER);
        WebElement confirm = waitFor(By.xpath("//tr[@data-connection='console-sms']//button[text()='Yes, delete']"));
        assertThat(browser.switchTo().activeElement()).isEqualTo(confirm);
        confirm.sendKeys(Keys.ENTER);
        WebElement problem = waitFor(By.id("problem"));
        assertThat(problem.getText()).contains("console_sms").contains("409");
        assertThat(api.admin("GET", "/connections/console-sms", null).status()).isEqualTo(200);
        screenshot("delete-refused");
    }

    @Test
    void theProvidersEndpointDescribesWhatTheServerValidates() {
        Api.Answer answer = api.admin("GET", "/providers", null);
        assertThat(answer.status()).isEqualTo(200);
        JsonArray providers = (JsonArray) answer.structure();
        JsonObject web = providers.stream().map(JsonValue::asJsonObject)
                .filter(p -> p.getString("id").equals("sms_webservice")).findFirst().orElseThrow();
        assertThat(web.getJsonArray("channels").getString(0)).isEqualTo("sms");
        assertThat(web.getJsonArray("settings").stream().map(JsonValue::asJsonObject)
                .filter(s -> s.getBoolean("required")).map(s -> s.getString("name")))
                .containsExactly("url", "bodyTemplate");
        assertThat(web.getJsonArray("secrets").getJsonObject(0).getString("name")).isEqualTo("authorization");
        // Every required setting described is one the server refuses without.
        Api.Answer refused = api.admin("POST", "/connections", Json.createObjectBuilder().add("name", "console-x")
                .add("channel", "sms").add("provider", "sms_webservice").build());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().getJsonArray("errors").stream().map(e -> e.asJsonObject().getString("field")))
                .containsExactlyInAnyOrder("settings.url", "settings.bodyTemplate");
        assertThat(providers.stream().map(p -> p.asJsonObject().getString("id")))
                .contains("smtp", "email_webservice", "twilio", "sms_webservice", "apns", "fcm");
    }

    @Test
    void theConsoleIsBehindTheAdminRealm() {
        assertThat(api.send("GET", "/admin/", null, null, null).status()).isEqualTo(401);
        assertThat(api.send("GET", "/admin/console.js", null, null, null).status()).isEqualTo(401);
        assertThat(api.send("GET", "/admin/", null, null, "Basic " + base64(Api.GUEST)).status()).isEqualTo(403);
        Api.Answer page = api.send("GET", "/admin/", null, null, "Basic " + base64(Api.ADMIN));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("script-src 'self'").doesNotContain("<script>");
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'", "frame-ancestors 'none'");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");
        Api.Answer template = api.send("GET", "/admin/templates/otp_login_sms.json", null, null, "Basic " + base64(Api.ADMIN));
        assertThat(template.status()).isEqualTo(200);
        assertThat(template.body()).contains("\"otp_login_sms\"");
        assertThat(api.send("GET", "/api/admin/providers", null, null, null).status()).isEqualTo(401);
    }

    // ------------------------------------------------------------------ the browser

    String consoleUrl() {
        // HTTP Basic credentials in the URL answer the browser's prompt (headless Chromium has no dialog).
        return api.base().replaceFirst("^http://", "http://" + Api.ADMIN + "@") + "/admin/";
    }

    void logIn() throws IOException {
        startBrowser();
        browser.get(consoleUrl());
        waitFor(By.id("connections-title"));
        new WebDriverWait(browser, WAIT).until(b -> !b.findElements(By.cssSelector("#connection-provider option")).isEmpty());
    }

    void openEdit(String connection) {
        waitFor(By.cssSelector("button[aria-label='Edit " + connection + "']")).click();
        waitFor(By.id("secret-authorization-mode"));
    }

    void assertNoSecretInThePage() {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        assertThat(browser.getPageSource()).doesNotContain(SECRET).doesNotContain("replaced-9");
        assertThat((String) js.executeScript("return [...document.querySelectorAll('input, textarea')]"
                + ".map(e => e.value).join('|')")).doesNotContain(SECRET).doesNotContain("replaced-9");
        assertThat((Long) js.executeScript("return localStorage.length + sessionStorage.length")).isZero();
    }

    void replaceEditorText(WebElement editor, String text) {
        editor.click();
        editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        editor.sendKeys(text);
        assertThat(editor.getDomProperty("value")).isEqualTo(text);
    }

    String selectedText(WebElement textarea) {
        return (String) ((JavascriptExecutor) browser).executeScript(
                "const t = arguments[0]; return t.value.slice(t.selectionStart, t.selectionEnd);", textarea);
    }

    void startBrowser() throws IOException {
        boolean present = Files.isExecutable(BrowserIT.CHROMIUM) && Files.isExecutable(BrowserIT.CHROMEDRIVER);
        if (!present) {
            String why = "Headless Chromium is needed for the console tests: install Debian's chromium and "
                    + "chromium-driver (" + BrowserIT.CHROMIUM + ", " + BrowserIT.CHROMEDRIVER + ")";
            if ("1".equals(System.getenv("WATCHWORD_REQUIRE_BROWSER"))) {
                fail(why + "; WATCHWORD_REQUIRE_BROWSER=1 requires them.");
            }
            assumeTrue(false, why + "; skipping.");
        }
        System.setProperty("webdriver.chrome.driver", BrowserIT.CHROMEDRIVER.toString());
        profile = Files.createTempDirectory("watchword-console-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BrowserIT.CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile, "--window-size=1100,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(BrowserIT.CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(WAIT);
    }

    WebElement waitFor(By by) {
        return new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    void waitForText(String css, String expected) {
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBe(By.cssSelector(css), expected));
    }

    String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText().trim();
    }

    void screenshot(String label) throws IOException {
        Files.createDirectories(BrowserIT.SCREENSHOTS);
        Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, BrowserIT.SCREENSHOTS.resolve(String.format("ConsoleIT-%s-%02d-%s.png", testName, ++shot, label)),
                StandardCopyOption.REPLACE_EXISTING);
    }

    // ------------------------------------------------------------------ the fake provider

    /** The passcode in the SMS the fake provider received for {@code to}. */
    static String passcodeSentTo(String to) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            for (FakeHttpServer.Request r : sms.requests("/send")) {
                JsonObject body = json(r.body());
                Matcher m = Pattern.compile("\\b(\\d{6})\\b").matcher(body.getString("text"));
                if (body.getString("to").equals(to) && m.find()) {
                    return m.group(1);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no SMS reached the fake provider for " + to);
    }

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    static String base64(String credentials) {
        return java.util.Base64.getEncoder().encodeToString(credentials.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
