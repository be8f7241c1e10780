package io.watchword.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
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
 * The demo page and its web SDK in headless Chromium: the email journey driven through the
 * page as a user would (keyboard included), with the passcode read from the mail GreenMail
 * received. Needs Debian's {@code chromium} and {@code chromedriver}; without them the browser
 * tests are skipped, unless {@code WATCHWORD_REQUIRE_BROWSER=1} (CI), which makes them fail.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BrowserIT {

    static final int SMTP_PORT = Deployments.port(3025);
    static final Path CHROMIUM = Path.of(System.getProperty("watchword.test.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("watchword.test.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"));

    @ArquillianResource
    URL url;

    Api api;
    WebDriver browser;
    Path profile;
    String testName;
    int shot;
    /** The browser's language when a test sets one ({@code --lang} and Accept-Language). */
    String language;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.watchword();
    }

    @BeforeEach
    void smtpConnection(TestInfo info) {
        testName = info.getTestMethod().map(m -> m.getName()).orElse("test");
        api = new Api(url);
        Examples.ensure(api);
        JsonObject conn = Json.createObjectBuilder().add("name", "demo-email").add("channel", "email")
                .add("provider", "smtp").add("settings", Json.createObjectBuilder()
                        .add("host", "127.0.0.1").add("port", SMTP_PORT).add("fromAddress", "login@acme.test")
                        .add("security", "none")).build();
        assertThat(api.admin("PUT", "/connections/demo-email", conn).status()).isIn(200, 201);
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
    }

    @Test
    void emailJourneySucceedsWithTheKeyboardAndShowsTheTokenClaims() throws Exception {
        openDemoPage();
        startJourney("otp_login_email");
        WebElement email = waitFor(By.id("field-email"));
        assertThat(browser.switchTo().activeElement()).as("the form's first field has the focus").isEqualTo(email);
        assertThat(browser.findElement(By.cssSelector("label[for=field-email]")).getText()).isEqualTo("Email");
        screenshot("form-step");
        email.sendKeys("jane.browser@example.com", Keys.ENTER);

        WebElement passcode = waitFor(By.id("passcode"));
        assertThat(browser.switchTo().activeElement()).as("the passcode field has the focus").isEqualTo(passcode);
        assertThat(text("#recipient")).isEqualTo("j\u2022\u2022\u2022@example.com");
        assertThat(text("#attempts-left")).isEqualTo("3");
        assertThat(text("#expires-in")).matches("[45]:\\d\\d");
        screenshot("otp-step");

        passcode.sendKeys(passcodes("jane.browser@example.com", 1).get(0), Keys.ENTER);

        waitFor(By.cssSelector("[data-step=success]"));
        assertThat(text("#claims [data-claim=sub]")).isEqualTo("jane.browser@example.com");
        assertThat(text("#claims [data-claim=amr]")).isEqualTo("otp, email");
        assertThat(text("#claims [data-claim=journey]")).isEqualTo("otp_login_email");
        assertThat(text("#claims [data-claim=aud]")).isEqualTo("watchword");
        assertThat(browser.findElement(By.id("outbox")).isDisplayed())
                .as("outside development mode the page shows no outbox").isFalse();
    }

    @Test
    void thePasscodeFieldAutofillsAndTheStartCarriesTheBrowsersLanguage() throws Exception {
        language = "de-AT";
        openDemoPage();
        String navigatorLanguage = (String) ((JavascriptExecutor) browser).executeScript("return navigator.language");
        assertThat(navigatorLanguage).isEqualTo("de-AT");
        assertThat(text("#locale")).as("the page shows the locale the SDK sends").isEqualTo("de-AT");
        startJourney("otp_login_email");
        waitFor(By.id("field-email")).sendKeys("jane.lang@example.com", Keys.ENTER);

        WebElement passcode = waitFor(By.id("passcode"));
        assertThat(passcode.getAttribute("autocomplete")).isEqualTo("one-time-code");
        assertThat(passcode.getAttribute("inputmode")).isEqualTo("numeric");
        String code = passcodes("jane.lang@example.com", 1).get(0);

        // The example journey speaks en, de, fr, es: de-AT has no variant of its own, so German.
        JsonObject sent = Journeys.lastEvent(api, "jane.lang@example.com", "otp.sent");
        assertThat(sent.getJsonObject("details").getString("locale")).isEqualTo("de");
        MimeMessage german = Stream.of(mail.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals("jane.lang@example.com");
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).findFirst().orElseThrow();
        assertThat(german.getSubject()).isEqualTo("Ihr Acme-Code");
        assertThat(GreenMailUtil.getBody(german)).contains("Ihr Code lautet " + code);
        passcode.sendKeys(code, Keys.ENTER);
        waitFor(By.cssSelector("[data-step=success]"));
    }

    @Test
    void wrongCodeShowsTheErrorAndTwoAttemptsLeftThenTheRightCodeSucceeds() throws Exception {
        openDemoPage();
        startJourney("otp_login_email");
        waitFor(By.id("field-email")).sendKeys("wrong.browser@example.com", Keys.ENTER);
        String code = passcodes("wrong.browser@example.com", 1).get(0);
        String wrong = code.equals("000000") ? "111111" : "000000";

        waitFor(By.id("passcode")).sendKeys(wrong, Keys.ENTER);
        WebElement error = waitFor(By.cssSelector("[data-step=otp] .alert-error[data-error-code=invalid_credentials]"));
        assertThat(error.getText()).contains("invalid_credentials");
        assertThat(text("#attempts-left")).isEqualTo("2");
        WebElement passcode = browser.findElement(By.id("passcode"));
        assertThat(passcode.getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.switchTo().activeElement()).isEqualTo(passcode);
        screenshot("wrong-code");

        passcode.sendKeys(code, Keys.ENTER);
        waitFor(By.cssSelector("[data-step=success]"));
        assertThat(text("#claims [data-claim=sub]")).isEqualTo("wrong.browser@example.com");
    }

    @Test
    void resendIsOfferedWhenItsCountdownEndsAndTheNewCodeSucceeds() throws Exception {
        openDemoPage();
        startJourney("otp_login_email");
        waitFor(By.id("field-email")).sendKeys("resend.browser@example.com", Keys.ENTER);
        waitFor(By.id("passcode"));
        String first = passcodes("resend.browser@example.com", 1).get(0);

        WebElement resend = browser.findElement(By.id("resend"));
        assertThat(resend.isEnabled()).as("resend waits for its cooldown (PT2S in tests)").isFalse();
        assertThat(text("#resend-hint")).matches("You can ask for a new code in [12] s\\.");
        assertThat(text("#resends-left")).isEqualTo("3");
        screenshot("resend-countdown");

        new WebDriverWait(browser, WAIT).until(ExpectedConditions.elementToBeClickable(By.id("resend")));
        assertThat(text("#resend-hint")).contains("You can ask for a new code");
        browser.findElement(By.id("resend")).click();

        new WebDriverWait(browser, WAIT).until(b -> "2".equals(text("#resends-left")));
        assertThat(browser.findElement(By.id("resend")).isEnabled()).as("a new cooldown starts").isFalse();
        List<String> codes = passcodes("resend.browser@example.com", 2);
        String second = codes.get(1);
        assertThat(codes.get(0)).isEqualTo(first);

        browser.findElement(By.id("passcode")).sendKeys(second, Keys.ENTER);
        waitFor(By.cssSelector("[data-step=success]"));
    }

    @Test
    void reloadInTheMiddleOfTheOtpStepResumesTheFlowOnAPhoneSizedScreen() throws Exception {
        openDemoPage();
        browser.manage().window().setSize(new Dimension(390, 844));
        startJourney("otp_login_email");
        waitFor(By.id("field-email")).sendKeys("reload.browser@example.com", Keys.ENTER);
        waitFor(By.id("passcode"));
        String code = passcodes("reload.browser@example.com", 1).get(0);

        browser.navigate().refresh();

        WebElement passcode = waitFor(By.id("passcode"));
        assertThat(text("#recipient")).isEqualTo("r\u2022\u2022\u2022@example.com");
        assertThat(text("#attempts-left")).isEqualTo("3");
        assertThat(browser.findElement(By.id("chooser")).isDisplayed()).isFalse();
        assertThat((Boolean) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
                .as("nothing sticks out sideways on a phone-sized screen").isTrue();
        screenshot("after-reload");

        passcode.sendKeys(code, Keys.ENTER);
        waitFor(By.cssSelector("[data-step=success]"));
        assertThat(text("#claims [data-claim=sub]")).isEqualTo("reload.browser@example.com");

        browser.navigate().refresh();
        waitFor(By.id("journey-choice"));
        assertThat(browser.findElements(By.id("passcode"))).as("an ended journey is not resumed").isEmpty();
    }

    @Test
    void anUnknownJourneyIdTypedInIsReportedAndThePageStaysUsable() throws Exception {
        openDemoPage();
        new Select(browser.findElement(By.id("journey-choice"))).selectByValue("");
        WebElement other = waitFor(By.id("journey-other"));
        assertThat(browser.switchTo().activeElement()).isEqualTo(other);
        other.sendKeys("no_such_journey", Keys.ENTER);

        WebElement problem = waitFor(By.id("problem"));
        assertThat(problem.getText()).contains("no_such_journey").contains("HTTP 404");
        assertThat(browser.findElement(By.id("start")).isDisplayed()).isTrue();
        screenshot("unknown-journey");

        new Select(browser.findElement(By.id("journey-choice"))).selectByValue("otp_login_email");
        browser.findElement(By.id("start")).click();
        waitFor(By.id("field-email"));
        assertThat(browser.findElement(By.id("problem")).isDisplayed()).as("the old error is gone").isFalse();
    }

    @Test
    void sdkKeepsItsTokenAfterARefusalAndResumesFromItsSerializedState() throws Exception {
        openDemoPage();
        browser.manage().timeouts().scriptTimeout(WAIT);
        Map<String, Object> first = sdk("""
                const ww = new sdk.Watchword();
                const out = {serverPath: ww.serverPath};
                await ww.startJourney('otp_login_email');
                try {
                  await ww.submitClientResponse(sdk.ClientResponseOptionType.Resend);
                } catch (e) {
                  out.refused = {code: e.code, status: e.status, type: e.problem.type};
                }
                const otp = await ww.submitClientResponse(sdk.ClientResponseOptionType.ClientInput,
                    {email: 'sdk.browser@example.com'});
                out.step = otp.journeyStepId;
                out.state = ww.serializeState();
                return out;
                """, null);
        assertThat(first.get("serverPath")).isEqualTo(api.base());
        assertThat(first.get("refused")).as("a form step offers no resend: 400, and the token stays usable")
                .isEqualTo(Map.of("code", "server_error", "status", 400L,
                        "type", "urn:watchword:problem:validation_failed"));
        assertThat(first.get("step")).isEqualTo("genericOTPAuthentication");

        String code = passcodes("sdk.browser@example.com", 1).get(0);
        Map<String, Object> second = sdk("""
                const ww = new sdk.Watchword();
                const restored = ww.restoreFromSerializedState(arguments[0].state);
                const done = await ww.submitClientResponse(sdk.ClientResponseOptionType.ClientInput,
                    {passcode: arguments[0].code});
                const out = {restored: restored.data.recipient, type: done.type, active: ww.hasActiveJourney};
                try {
                  await ww.submitClientResponse(sdk.ClientResponseOptionType.ClientInput, {passcode: arguments[0].code});
                } catch (e) {
                  out.afterEnd = e.code;
                }
                try {
                  ww.restoreFromSerializedState('{not a state');
                } catch (e) {
                  out.badState = e.code;
                }
                return out;
                """, Map.of("state", first.get("state"), "code", code));
        assertThat(second).containsEntry("restored", "s\u2022\u2022\u2022@example.com")
                .containsEntry("type", "journey_success").containsEntry("active", false)
                .containsEntry("afterEnd", "no_active_journey").containsEntry("badState", "invalid_state");
    }

    @Test
    void theSdkIsServedAsAJavaScriptModule() {
        Api.Answer sdk = api.send("GET", "/sdk/watchword.js", null, null, null);
        assertThat(sdk.status()).isEqualTo(200);
        assertThat(sdk.contentType()).contains("javascript");
        assertThat(sdk.body()).contains("export class Watchword", "export const ClientResponseOptionType",
                "export const ErrorCode");
        Api.Answer page = api.send("GET", "/", null, null, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
    }

    @Test
    void theDevelopmentOutboxDoesNotExistOutsideDevelopmentMode() {
        Api.Answer a = api.send("GET", "/api/dev/outbox", null, null, null);
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.contentType()).startsWith("application/problem+json");
        assertThat(a.body()).doesNotContain("Exception");
    }

    // ------------------------------------------------------------------ the browser

    void openDemoPage() throws IOException {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            String why = "Headless Chromium is needed for the browser tests: install Debian's chromium and "
                    + "chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER + ")";
            if ("1".equals(System.getenv("WATCHWORD_REQUIRE_BROWSER"))) {
                fail(why + "; WATCHWORD_REQUIRE_BROWSER=1 requires them.");
            }
            assumeTrue(false, why + "; skipping.");
        }
        // Selenium must never download a driver or a browser: both paths are given.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        profile = Files.createTempDirectory("watchword-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile, "--window-size=1100,900");
        if (language != null) {
            // --accept-lang sets navigator.language in headless Chromium (--lang alone does not)
            options.addArguments("--lang=" + language, "--accept-lang=" + language);
            options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(WAIT);
        browser.get(api.base() + "/");
        waitFor(By.id("journey-choice"));
    }

    /** Runs {@code body} (an async function body; {@code sdk} is the module) in the page. */
    @SuppressWarnings("unchecked")
    Map<String, Object> sdk(String body, Object argument) {
        String script = "const callback = arguments[arguments.length - 1];"
                + "import('./sdk/watchword.js').then(async (sdk) => {" + body + "})"
                + ".then(callback, (e) => callback({failed: String(e && e.stack || e)}));";
        Object result = ((JavascriptExecutor) browser).executeAsyncScript(script, argument);
        assertThat(result).isInstanceOf(Map.class);
        assertThat((Map<String, Object>) result).doesNotContainKey("failed");
        return (Map<String, Object>) result;
    }

    void startJourney(String journeyId) {
        WebElement select = browser.findElement(By.id("journey-choice"));
        new Select(select).selectByValue(journeyId);
        browser.findElement(By.id("start")).click();
    }

    WebElement waitFor(By by) {
        return new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText().trim();
    }

    void screenshot(String label) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, SCREENSHOTS.resolve(String.format("BrowserIT-%s-%d-%s.png", testName, ++shot, label)),
                StandardCopyOption.REPLACE_EXISTING);
    }

    // ------------------------------------------------------------------ the mail

    /** The passcodes mailed to {@code to}, oldest first, once at least {@code count} arrived. */
    static List<String> passcodes(String to, int count) throws Exception {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            codes.clear();
            for (MimeMessage m : mail.getReceivedMessages()) {
                if (m.getAllRecipients()[0].toString().equals(to)) {
                    Matcher matcher = Pattern.compile("\\b(\\d{6})\\b").matcher(GreenMailUtil.getBody(m));
                    if (matcher.find()) {
                        codes.add(matcher.group(1));
                    }
                }
            }
            if (codes.size() >= count) {
                return codes;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(count + " mail(s) expected for " + to + ", " + codes.size() + " arrived");
    }
}
