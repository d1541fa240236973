package io.auditsearch.console;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditsearch.support.TestCredentials;
import io.auditsearch.support.TestElasticsearch;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The admin pages in a real browser: API keys (the key shown once, revoke), legal holds, retention, dead letters, health. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminBrowserTest implements TestPropertyProvider {

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
        browser = Browser.start(1280, 720);
        browser.get(server.getURL() + "/console/admin/keys");
        browser.signIn(TestCredentials.ADMIN_KEY);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void createsAKeyShownOnceAndRevokesIt() {
        String name = "console-ui-" + ConsoleFixtures.RUN;
        browser.visible("#key-name").sendKeys(name);
        browser.visible("#key-tenant").sendKeys(ConsoleFixtures.TENANT_A);
        browser.driver.findElement(By.xpath("//button[normalize-space()='Create key']")).click();
        String key = browser.visible("#created-key").getText();
        assertTrue(key.startsWith("ask_"), key);
        browser.until("the key listed", d -> d.findElements(By.xpath("//tr[td[2]='" + name + "']")).size() == 1);
        browser.screenshot("admin-keys");
        browser.assertAccessible("API keys page");
        browser.driver.findElement(By.xpath("//button[normalize-space()='Done']")).click();
        assertTrue(browser.all("#created-key").isEmpty(), "the key is gone from the page once done");
        browser.driver.findElement(By.cssSelector("button[aria-label='Revoke key " + name + "']")).click();
        browser.driver.findElement(By.xpath("//button[normalize-space()='Confirm revoke']")).click();
        browser.until("the key revoked", d -> d.findElement(By.xpath("//tr[td[2]='" + name + "']")).getAttribute("class").contains("revoked"));
    }

    @Test
    @Order(2)
    void setsAndReleasesALegalHold() {
        navigate("Legal holds");
        String reason = "console test hold " + ConsoleFixtures.RUN;
        browser.visible("#hold-from").sendKeys("2020-01-01");
        browser.visible("#hold-to").sendKeys("2020-01-02");
        browser.visible("#hold-tenant").sendKeys(ConsoleFixtures.TENANT_A);
        browser.visible("#hold-reason").sendKeys(reason);
        browser.driver.findElement(By.xpath("//button[normalize-space()='Set hold']")).click();
        WebElement release = browser.until("the hold listed", d -> d.findElement(By.cssSelector("button[aria-label='Release hold " + reason + "']")));
        browser.screenshot("admin-holds");
        release.click();
        browser.until("the hold released", d -> d.findElement(By.xpath("//tr[td[3]='" + reason + "']")).getText().contains("released"));
    }

    @Test
    @Order(3)
    void showsRetentionDeadLettersAndHealth() {
        navigate("Retention");
        browser.until("retention facts", d -> d.findElement(By.cssSelector(".facts")).getText().contains("days"));
        navigate("Dead letters");
        browser.until("the dead letter count", d -> d.findElement(By.cssSelector("main.admin")).getText().contains("kept"));
        navigate("Health");
        browser.until("the components", d -> d.findElements(By.cssSelector(".cards .card h2")).stream().anyMatch(h -> h.getText().contains("elasticsearch")));
        assertTrue(browser.visible(".cards").getText().contains("spool"));
        browser.screenshot("admin-health");
        browser.assertAccessible("health page");
    }

    private void navigate(String label) {
        browser.driver.findElement(By.xpath("//nav[@aria-label='Console']//a[normalize-space()='" + label + "']")).click();
        browser.until(label + " open", d -> d.findElement(By.cssSelector("main.admin h1")).getText().startsWith(label.substring(0, 5)));
    }
}
