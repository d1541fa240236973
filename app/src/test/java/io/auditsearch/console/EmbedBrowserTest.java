package io.auditsearch.console;

import static io.auditsearch.console.ConsoleFixtures.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.auditsearch.support.CallerHttp;
import io.auditsearch.support.TestCredentials;
import io.auditsearch.support.TestElasticsearch;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;

/**
 * The embed flow in a real browser: an admin mints a viewer token in the console, the embed view shows only its
 * tenant through its fixed filters, another site frames it only when the token names that site, a bad or expired
 * token is a clear page; and a tenant-bound key signed in to the console sees only its tenant.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbedBrowserTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;
    @Inject
    ViewerTokenKey key;

    private Browser browser;
    /** "Another site": a page on another origin (127.0.0.1, not localhost) whose only content is an iframe. */
    private HttpServer site;

    @Override
    public Map<String, String> getProperties() {
        return TestElasticsearch.properties();
    }

    @BeforeAll
    void start() throws IOException {
        Browser.assumeInstalled();
        ConsoleFixtures.load(server.getURI());
        site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/host", exchange -> {
            String src = URLDecoder.decode(exchange.getRequestURI().getRawQuery().substring("src=".length()), StandardCharsets.UTF_8);
            byte[] page = ("<!doctype html><html lang=\"en\"><head><title>portal</title></head><body><h1>Portal</h1>"
                    + "<iframe id=\"audit\" title=\"Audit events\" width=\"1200\" height=\"600\" src=\"" + src.replace("\"", "&quot;")
                    + "\"></iframe></body></html>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html;charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        site.start();
        browser = Browser.start(1280, 720);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (site != null) {
            site.stop(0);
        }
    }

    private String siteOrigin() {
        return "http://127.0.0.1:" + site.getAddress().getPort();
    }

    @Test
    @Order(1)
    void anAdminMintsATokenAndTheEmbedShowsOnlyWhatItGrants() {
        browser.get(server.getURL() + "/console/admin/embed");
        browser.signIn(TestCredentials.ADMIN_KEY);
        browser.visible("#vt-tenant").sendKeys(ConsoleFixtures.TENANT_A);
        browser.visible("#vt-filters").sendKeys("service=" + SERVICE);
        browser.visible("#vt-origins").sendKeys(siteOrigin());
        browser.driver.findElement(By.xpath("//button[normalize-space()='Mint token']")).click();
        String url = browser.until("the embed URL", d -> d.findElement(By.id("vt-url")).getDomProperty("value"));
        assertTrue(url.startsWith(server.getURL() + "/console/embed?token="), url);
        browser.screenshot("embed-mint");

        browser.get(url);
        browser.until("the embedded events", d -> browser.rows().size() == 50);
        browser.until("the total of tenant A", d -> browser.visible(".summary").getText().contains(String.format("of %,d", ConsoleFixtures.A_EVENTS)));
        assertTrue(browser.visible(".chip.fixed").getText().contains(SERVICE));
        assertTrue(browser.all(".chip-remove").isEmpty(), "a fixed filter cannot be removed");
        assertTrue(browser.all("nav.facets h3").stream().noneMatch(h -> h.getText().equals("Tenant")));
        assertFalse(browser.driver.getPageSource().contains(ConsoleFixtures.B_USER));
        assertTrue(browser.all("a[href^='/console/admin']").isEmpty(), "no admin pages in the embed");
        // searching and filtering narrow within the grant
        browser.visible("#q").sendKeys(ConsoleFixtures.B_USER + "\n");
        browser.until("no events of tenant B", d -> browser.visible(".summary").getText().equals("No events match."));
        browser.get(url);
        browser.until("rows", d -> browser.rows().size() == 50);
        browser.screenshot("embed");
        browser.assertAccessible("embed view");

        // framed by the site the token names
        browser.get(siteOrigin() + "/host?src=" + java.net.URLEncoder.encode(url, StandardCharsets.UTF_8));
        browser.driver.switchTo().frame("audit");
        try {
            browser.until("events in the frame", d -> browser.rows().size() == 50);
        } finally {
            browser.driver.switchTo().defaultContent();
        }
    }

    @Test
    @Order(2)
    void anotherSiteCannotFrameIt() throws InterruptedException {
        String path = CallerHttp.admin(server.getURI()).postJson("/v1/admin/viewer-tokens",
                "{\"tenant\":\"" + ConsoleFixtures.TENANT_A + "\",\"filters\":{\"service\":\"" + SERVICE + "\"}}").json().path("embed_path").asText();
        browser.get(siteOrigin() + "/host?src=" + java.net.URLEncoder.encode(server.getURL() + path, StandardCharsets.UTF_8));
        browser.visible("#audit");
        Thread.sleep(3000); // the time the allowed frame above needs to show its events
        browser.driver.switchTo().frame("audit");
        try {
            assertTrue(browser.all("table.results").isEmpty(), "the frame shows no events");
            assertTrue(browser.all("#app").isEmpty(), "the browser refused to render the page in the frame");
        } finally {
            browser.driver.switchTo().defaultContent();
        }
    }

    @Test
    @Order(3)
    void badAndExpiredTokensShowAClearPage() {
        browser.get(server.getURL() + "/console/embed?token=not-a-token");
        assertTrue(browser.visible("h1").getText().contains("not valid"));
        ViewerGrant old = new ViewerGrant("expired-ui-" + ConsoleFixtures.RUN, ConsoleFixtures.TENANT_A, Map.of("service", List.of(SERVICE)),
                List.of(), Instant.now().minusSeconds(1), "test");
        String expired = new ViewerTokens(key, Clock.fixed(Instant.now().minusSeconds(3600), ZoneOffset.UTC)).sign(old);
        browser.get(server.getURL() + "/console/embed?token=" + expired);
        assertTrue(browser.visible("h1").getText().contains("expired"));
        browser.screenshot("embed-expired");
    }

    @Test
    @Order(4)
    void aTenantBoundKeySeesOnlyItsTenant() {
        String tenantKey = CallerHttp.admin(server.getURI()).postJson("/v1/admin/keys",
                "{\"name\":\"console-tenant-b-" + ConsoleFixtures.RUN + "\",\"roles\":[\"read\"],\"tenant\":\"" + ConsoleFixtures.TENANT_B + "\"}")
                .json().path("key").asText();
        browser.get(server.getURL() + "/console?service=" + SERVICE);
        browser.js("sessionStorage.clear()");
        browser.driver.navigate().refresh();
        browser.signIn(tenantKey);
        browser.until("tenant B's events", d -> browser.rows().size() == ConsoleFixtures.B_EVENTS);
        assertTrue(browser.all("table.results td.col-actor").stream().allMatch(c -> c.getText().equals(ConsoleFixtures.B_USER)));
        assertTrue(browser.all("a[href^='/console/admin']").isEmpty(), "a read key sees no admin pages");
        browser.visible("#q").sendKeys("alice\n");
        browser.until("nothing of tenant A", d -> browser.visible(".summary").getText().equals("No events match."));
        assertEquals(0, browser.all("table.results tbody tr").size());
    }
}
