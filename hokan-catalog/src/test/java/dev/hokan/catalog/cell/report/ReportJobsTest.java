package dev.hokan.catalog.cell.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.testing.CatalogBackend;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReportJobsTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path dir;

    private static ReportJob waiting(String id, String plan, Instant created) {
        return new ReportJob(id, plan, "arn:aws:backup:us-east-1:000000000000:report-plan:" + plan + "-1",
                "BACKUP_JOB_REPORT", ReportJobStatus.CREATED, null, created, null, created.minusSeconds(86400),
                created, "audit", null, null);
    }

    @ParameterizedTest
    @EnumSource(CatalogBackend.class)
    void aJobIsClaimedOnceEndsWithItsKeysAndWaitsAgainWhenItsNodeStopped(CatalogBackend backend) {
        try (CellCatalog catalog = backend.open(dir)) {
            catalog.write(tx -> {
                tx.reportPlans().insert(new ReportPlan("daily", "arn:daily", null, new ReportSetting(
                        "BACKUP_JOB_REPORT", List.of(), null, List.of(), List.of(), List.of("*")),
                        new ReportDeliveryChannel("audit", "p/q", List.of("CSV", "JSON")), T0, null, null, T0));
                tx.reportJobs().insert(waiting("J1", "daily", T0.plusSeconds(1)));
                tx.reportJobs().insert(waiting("J2", "daily", T0.plusSeconds(2)));
                tx.reportJobs().insert(waiting("J3", "other", T0.plusSeconds(3)));
                return null;
            });
            assertThat((boolean) catalog.write(tx -> tx.reportJobs().claim("J1", "node-a"))).isTrue();
            assertThat((boolean) catalog.write(tx -> tx.reportJobs().claim("J1", "node-b"))).isFalse();
            assertThat((boolean) catalog.write(tx -> tx.reportJobs().claim("J2", "node-b"))).isTrue();
            catalog.write(tx -> {
                tx.reportJobs().end("J1", ReportJobStatus.COMPLETED, null, T0.plusSeconds(9), List.of("a.csv",
                        "a.json"));
                tx.reportPlans().executed("daily", T0.plusSeconds(1), true);
                tx.reportJobs().release("node-b");
                tx.reportPlans().dailyUntil("daily", T0.plusSeconds(86400));
                return null;
            });
            ReportJob done = catalog.read(tx -> tx.reportJobs().find("J1")).orElseThrow();
            assertThat(done.status()).isEqualTo(ReportJobStatus.COMPLETED);
            assertThat(done.s3Keys()).containsExactly("a.csv", "a.json");
            assertThat(done.completionTime()).isEqualTo(T0.plusSeconds(9));
            List<ReportJob> waiting = catalog.read(tx -> tx.reportJobs().waiting());
            assertThat(waiting).extracting(ReportJob::jobId).containsExactly("J2", "J3");

            ReportPlan plan = catalog.read(tx -> tx.reportPlans().find("daily")).orElseThrow();
            assertThat(plan.lastSuccessfulExecutionTime()).isEqualTo(T0.plusSeconds(1));
            assertThat(plan.dailyUntil()).isEqualTo(T0.plusSeconds(86400));
            assertThat(plan.deliveryChannel().formats()).containsExactly("CSV", "JSON");
            assertThat(plan.setting().regions()).containsExactly("*");

            PageRequest all = new PageRequest(10, null);
            assertThat(catalog.read(tx -> tx.reportJobs().list("daily", null, null, null, all)).items())
                    .extracting(ReportJob::jobId).containsExactly("J1", "J2");
            assertThat(catalog.read(tx -> tx.reportJobs().list(null, ReportJobStatus.CREATED, T0.plusSeconds(2),
                    null, all)).items()).extracting(ReportJob::jobId).containsExactly("J3");
            assertThat(catalog.read(tx -> tx.reportJobs().list(null, null, null, T0.plusSeconds(2), all)).items())
                    .extracting(ReportJob::jobId).containsExactly("J1");
        }
    }
}
