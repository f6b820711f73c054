package org.unsilo.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DirectoryTest {

    private final OrganizationInference organizations = new OrganizationInference(FreemailDomains.builtIn());
    private final Directory directory = new Directory(Set.of("unsilo.com", "bp.com", "xn--bcher-kva.de"),
            () -> Set.of("stored.co.uk"), () -> Map.of("ann@staff.example", 1L), Set::of, Map::of, Set::of,
            organizations, Clock.systemUTC());

    @Test
    void aDomainIsInternalWhenItsRegistrableDomainIsTheCompanys() {
        for (String internal : List.of("unsilo.com", "mail.unsilo.com", "a.b.bp.com", "stored.co.uk", "x.stored.co.uk",
                "staff.example", "eu.staff.example", "xn--bcher-kva.de", "shop.xn--bcher-kva.de")) {
            assertThat(directory.isInternalDomain(internal)).as(internal).isTrue();
        }
    }

    @Test
    void aDomainEndingInNoCompanyDomainIsNotInternal() {
        for (String external : List.of("notbp.com", "bp.com.evil.example", "unsilo.co", "co.uk", "other.co.uk",
                "gmail.com", "bp-com.example", "xn--bcher-kva.com", "123.45.67.89")) {
            assertThat(directory.isInternalDomain(external)).as(external).isFalse();
        }
    }

    @Test
    void unusualSpellingsAreAnsweredByTheSuffixList() {
        // Upper case and a final dot: not the normalised form addresses are matched in, so the list decides.
        assertThat(directory.isInternalDomain("Mail.BP.com"))
                .isEqualTo(organizations.registrableDomain("Mail.BP.com").map("bp.com"::equals).orElse(false));
        assertThat(directory.isInternalDomain("mail.unsilo.com."))
                .isEqualTo(organizations.registrableDomain("mail.unsilo.com.").map("unsilo.com"::equals).orElse(false));
        // A public suffix under a company domain is its own registrable domain, not the company's.
        assertThat(directory.isInternalDomain("blogspot.com")).isFalse();
    }

    @Test
    void callersArrivingDuringALoadWaitForItInsteadOfLoadingAgain() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        Directory slow = new Directory(Set.of("unsilo.com"), () -> {
            loads.incrementAndGet();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Set.of("stored.example");
        }, Map::of, Set::of, Map::of, Set::of, organizations, Clock.systemUTC());
        int callers = 20;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return slow.isInternalDomain("mail.stored.example");
                }));
            }
            go.countDown();
            for (Future<Boolean> answer : answers) {
                assertThat(answer.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(loads).hasValue(1);
    }
}
