package io.auditsearch.console;

import static io.auditsearch.console.ConsoleFixtures.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditsearch.support.CallerHttp;
import io.auditsearch.support.TestCredentials;
import io.auditsearch.support.TestElasticsearch;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The investigation screen in a real browser against the real service and Elasticsearch: sign in, search, event
 * data shown as text, paging past the first page, facet and cell filters, brushing the timeline, the event drawer,
 * the keyboard, export, and a narrow screen. Admin pages are in {@link AdminBrowserTest}, the embed in
 * {@link EmbedBrowserTest}.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;

    private Browser browser;

    @Override
    public Map<String, String> getProperties() {
        return TestElasticsearch.properties();
    }

    @BeforeAll
    void start() {
        Browser.assumeInstalled();
        ConsoleFixtures.load(server.getURI());
        browser = Browser.start(1280, 720);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    private void open(String query) {
        browser.get(server.getURL() + "/console?service=" + SERVICE + "&from=now-24h" + query);
    }

    private String summary() {
        return browser.visible(".summary").getText();
    }

    @Test
    @Order(1)
    void signsInAndSearches() {
        open("");
        browser.signIn(TestCredentials.ADMIN_KEY);
        browser.until("the first page of 50", d -> browser.rows().size() == 50);
        int total = ConsoleFixtures.A_EVENTS + ConsoleFixtures.B_EVENTS;
        browser.until("the total", d -> summary().contains("of " + String.format("%,d", total)));
        assertFalse(browser.driver.getCurrentUrl().contains(TestCredentials.ADMIN_KEY), "no credential in the URL");
        assertEquals(0L, browser.js("return localStorage.length"));
        // the event whose fields hold markup and script is shown as text
        WebElement xss = browser.until("the markup event", d -> d.findElement(By.cssSelector("tr[data-event-id='" + ConsoleFixtures.XSS_ID + "']")));
        assertTrue(xss.getText().contains(ConsoleFixtures.XSS_USER), xss::getText);
        assertTrue(xss.getText().contains("<script>window.__xss=2</script>"), xss::getText);
        assertNull(browser.js("return window.__xss"));
        assertEquals(0L, browser.js("return document.querySelectorAll('table.results img, table.results b, table.results script').length"));
        browser.screenshot("search");
        browser.assertAccessible("search screen");
        // first render after a reload (the credential stays in the tab's session storage)
        browser.driver.navigate().refresh();
        browser.until("rows after a reload", d -> browser.rows().size() == 50);
        Object firstResults = browser.js("return performance.getEntriesByName('first-results')[0].startTime");
        System.out.println("[console-timing] search screen with its first 50 results: " + firstResults + " ms from navigation");
    }

    @Test
    @Order(2)
    void highlightsShowMarkupAsText() {
        open("&q=deploy");
        browser.until("one hit", d -> browser.rows().size() == 1 && !browser.all("table.results mark").isEmpty());
        WebElement message = browser.visible("table.results td.col-message");
        assertTrue(message.getText().contains("<b>bold</b>"), message::getText);
        assertEquals("deploy", browser.all("table.results td.col-message mark").getFirst().getText());
        assertNull(browser.js("return window.__xss"));
        assertEquals(0L, browser.js("return document.querySelectorAll('table.results img, table.results b, table.results script').length"));
    }

    @Test
    @Order(3)
    void pagesPastTheFirstPage() {
        open("&size=1000");
        browser.until("a page of 1000", d -> browser.rows().size() == 1000);
        System.out.println("[console-timing] 1000 rows rendered in " + browser.visible("table.results").getAttribute("data-render-ms")
                + " ms after their data arrived");
        Set<String> first = ids();
        browser.driver.findElement(By.xpath("//button[normalize-space()='Next page']")).click();
        int rest = ConsoleFixtures.A_EVENTS + ConsoleFixtures.B_EVENTS - 1000;
        browser.until("the second page", d -> browser.rows().size() == rest);
        assertTrue(summary().startsWith("Events 1,001–"), summary());
        Set<String> second = ids();
        second.retainAll(first);
        assertTrue(second.isEmpty(), "no event on both pages: " + second);
        browser.driver.findElement(By.xpath("//button[normalize-space()='Previous page']")).click();
        browser.until("back on the first page", d -> browser.rows().size() == 1000);
    }

    private Set<String> ids() {
        @SuppressWarnings("unchecked")
        List<String> ids = (List<String>) browser.js("return [...document.querySelectorAll('table.results tbody tr')].map(r => r.dataset.eventId)");
        return new HashSet<>(ids);
    }

    @Test
    @Order(4)
    void facetAndCellClicksAddFilters() {
        open("");
        browser.until("the user facet", d -> d.findElements(By.xpath("//section[h3='User']//button[.//span[text()='alice']]")).size() == 1);
        browser.driver.findElement(By.xpath("//section[h3='User']//button[.//span[text()='alice']]")).click();
        browser.until("the filter in the URL", d -> d.getCurrentUrl().contains("user=alice"));
        browser.until("a chip", d -> d.findElements(By.cssSelector(".chip")).stream().anyMatch(c -> c.getText().contains("alice")));
        browser.until("only alice", d -> !browser.rows().isEmpty()
                && browser.all("table.results td.col-actor").stream().allMatch(c -> c.getText().equals("alice")));
        browser.all("table.results td.col-action button.cell-filter").getFirst().click();
        browser.until("an action filter", d -> d.getCurrentUrl().contains("action="));
        browser.driver.findElement(By.cssSelector("button[aria-label^='Remove filter User']")).click();
        browser.until("the user filter gone", d -> !d.getCurrentUrl().contains("user=alice"));
    }

    @Test
    @Order(5)
    void brushingTheTimelineNarrowsThePeriod() {
        open("");
        WebElement over = browser.visible(".timeline .u-over");
        browser.until("rows", d -> !browser.rows().isEmpty());
        int width = over.getSize().getWidth();
        new Actions(browser.driver).moveToElement(over, -width / 2 + width * 3 / 10, 0).clickAndHold()
                .moveByOffset(width * 3 / 10, 0).release().perform();
        browser.until("an absolute period in the URL", d -> d.getCurrentUrl().matches(".*from=20\\d\\d-.*&to=20\\d\\d-.*"));
        browser.until("fewer events", d -> {
            String s = summary();
            return s.contains(" of ") && !s.contains("1,231");
        });
        browser.screenshot("brushed");
    }

    @Test
    @Order(6)
    void opensAnEventWithItsDiffAndTheEventsAroundIt() {
        open("&action=role.assign&user=alice");
        browser.until("rows", d -> !browser.rows().isEmpty());
        browser.all("table.results .open-event").getFirst().click();
        WebElement drawer = browser.visible(".drawer");
        browser.until("the ev in the URL", d -> d.getCurrentUrl().contains("ev="));
        WebElement changed = drawer.findElement(By.cssSelector(".diff tr.diff-changed"));
        assertTrue(changed.getText().contains("role") && changed.getText().contains("viewer") && changed.getText().contains("editor"), changed::getText);
        assertTrue(drawer.findElement(By.cssSelector(".diff tr.diff-added")).getText().contains("expires"));
        assertTrue(drawer.findElement(By.cssSelector("pre.raw")).getText().contains("\"role.assign\""));
        drawer.findElement(By.xpath(".//button[normalize-space()='Same user']")).click();
        browser.until("events around", d -> !d.findElements(By.cssSelector(".around li")).isEmpty());
        assertTrue(browser.all(".around li").stream().allMatch(li -> li.getText().contains("alice")));
        browser.screenshot("event");
        browser.assertAccessible("event drawer");
        new Actions(browser.driver).sendKeys(org.openqa.selenium.Keys.ESCAPE).perform();
        browser.until("the drawer closed", d -> d.findElements(By.cssSelector(".drawer")).isEmpty());
    }

    @Test
    @Order(7)
    void keyboardAloneRunsASearchAndOpensAnEvent() {
        open("");
        browser.until("rows", d -> !browser.rows().isEmpty());
        tabUntil("#q", 40);
        new Actions(browser.driver).sendKeys("role.assign").sendKeys(org.openqa.selenium.Keys.ENTER).perform();
        browser.until("the query in the URL", d -> d.getCurrentUrl().contains("q=role.assign"));
        browser.until("rows of the query", d -> browser.all("table.results td.col-action").stream().allMatch(c -> c.getText().equals("role.assign"))
                && !browser.rows().isEmpty());
        tabUntil(".open-event", 200);
        new Actions(browser.driver).sendKeys(org.openqa.selenium.Keys.ENTER).perform();
        browser.visible(".drawer");
        browser.until("focus in the drawer", d -> "drawer-title".equals(browser.js("return document.activeElement.id")));
    }

    private void tabUntil(String css, int most) {
        for (int i = 0; i < most; i++) {
            if (Boolean.TRUE.equals(browser.js("return document.activeElement.matches(arguments[0])", css))) {
                return;
            }
            new Actions(browser.driver).sendKeys(org.openqa.selenium.Keys.TAB).perform();
        }
        throw new AssertionError(css + " not reached in " + most + " presses of Tab");
    }

    @Test
    @Order(8)
    void exportsTheQueryAsCsvAndNdjson() throws Exception {
        open("&user=dave");
        browser.until("rows", d -> !browser.rows().isEmpty());
        long dave = CallerHttp.admin(server.getURI()).get("/v1/events", "service", SERVICE, "user", "dave", "from", "now-24h")
                .json().path("total").path("value").asLong();
        browser.driver.findElement(By.xpath("//button[normalize-space()='Export CSV']")).click();
        List<String> csv = java.nio.file.Files.readAllLines(downloaded(".csv"));
        assertEquals(dave + 1, csv.size(), "a header and one line per event");
        browser.driver.findElement(By.xpath("//button[normalize-space()='Export NDJSON']")).click();
        List<String> ndjson = java.nio.file.Files.readAllLines(downloaded(".ndjson"));
        assertEquals(dave, ndjson.size());
        assertTrue(ndjson.stream().allMatch(l -> l.contains("\"dave\"")));
        assertFalse(browser.driver.getCurrentUrl().contains(URLEncoder.encode(TestCredentials.ADMIN_KEY, StandardCharsets.UTF_8)));
    }

    private java.nio.file.Path downloaded(String extension) {
        return browser.until("a downloaded " + extension, d -> {
            try (var files = java.nio.file.Files.list(browser.downloads)) {
                return files.filter(f -> f.toString().endsWith(extension)).findFirst().orElse(null);
            } catch (java.io.IOException e) {
                return null;
            }
        });
    }

    @Test
    @Order(9)
    void usableOnANarrowScreen() {
        browser.resize(390, 844);
        try {
            open("");
            browser.until("rows", d -> !browser.rows().isEmpty());
            browser.screenshot("search-390");
            long width = (Long) browser.js("return document.documentElement.scrollWidth");
            assertTrue(width <= 400, "the page scrolls sideways at 390 px: " + width);
        } finally {
            browser.resize(1280, 720);
        }
    }
}
