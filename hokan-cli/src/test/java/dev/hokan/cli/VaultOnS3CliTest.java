package dev.hokan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hokan.storage.s3.testing.MotoServer;
import dev.hokan.storage.s3.testing.S3Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code hokan vault} with {@code s3://BUCKET/PREFIX} in place of VAULT_DIR, as processes whose environment holds the
 * S3 credentials, on moto's S3 server: the same commands as on a directory, and copies both ways between the two.
 */
class VaultOnS3CliTest {
    private static MotoServer s3;

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() throws Exception {
        assumeTrue(MotoServer.command().isPresent(), "moto_server is not installed here (./run-tests installs it"
                + " with pip where Python 3 is present)");
        s3 = MotoServer.start(MotoServer.command().orElseThrow());
        s3.createBucket("backups");
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    private CliProcess.Result hokan(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:-UsePerfData", "-Xmx256m", "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "dev.hokan.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("HOKAN_") || k.startsWith("AWS_"));
        builder.environment().putAll(env);
        builder.environment().put("HOKAN_MASTER_KEY_FILE", dir.resolve("master.key").toString());
        builder.environment().put("HOKAN_CACHE_DIR", dir.resolve("cache").toString());
        return CliProcess.run(builder, dir);
    }

    private CliProcess.Result vault(String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("vault"));
        all.addAll(List.of(args));
        all.addAll(List.of("--s3-endpoint", s3.endpoint().toString()));
        CliProcess.Result result = hokan(Map.of("HOKAN_S3_ACCESS_KEY_ID", S3Server.ACCESS_KEY_ID,
                "HOKAN_S3_SECRET_ACCESS_KEY", S3Server.SECRET_ACCESS_KEY), all.toArray(String[]::new));
        assertEquals(0, result.exit(), result.toString());
        return result;
    }

    @Test
    void theVaultCommandsWorkOnAnS3LocationAndCopyBothWaysWithADirectory() throws Exception {
        Path source = Files.createDirectories(dir.resolve("site"));
        Files.writeString(source.resolve("index.html"), "<h1>hello</h1>");
        byte[] big = new byte[20 * 1024 * 1024];
        new SplittableRandom(3).nextBytes(big);
        Files.write(source.resolve("big.bin"), big);
        String onS3 = "s3://backups/hokan/web";

        assertTrue(vault("init", onS3).out().contains("at s3://backups/hokan/web/"));
        String id = vault("backup", onS3, source.toString()).lastLine();
        assertTrue(vault("list", onS3).out().contains(id));
        vault("verify", onS3, "--read-data");
        vault("restore", onS3, id, dir.resolve("restored").toString());
        assertEquals("<h1>hello</h1>", Files.readString(dir.resolve("restored/index.html")));
        assertEquals(Arrays.hashCode(big), Arrays.hashCode(Files.readAllBytes(
                dir.resolve("restored/big.bin"))));
        try (S3Client client = s3.client()) {
            assertTrue(client.listObjectsV2(r -> r.bucket("backups").prefix("hokan/web/data/")).keyCount() > 0);
        }

        Path local = dir.resolve("local-vault");
        vault("init", local.toString());
        String inLocal = vault("copy", onS3, id, local.toString()).lastLine();
        vault("restore", local.toString(), inLocal, dir.resolve("from-local").toString());
        assertEquals("<h1>hello</h1>", Files.readString(dir.resolve("from-local/index.html")));

        String back = "s3://backups/hokan/web-copy";
        vault("init", back);
        String inBack = vault("copy", local.toString(), inLocal, back).lastLine();
        vault("restore", back, inBack, dir.resolve("from-s3-copy").toString());
        assertEquals("<h1>hello</h1>", Files.readString(dir.resolve("from-s3-copy/index.html")));
        vault("delete", back, inBack);
        vault("gc", back);
        assertEquals(1, vault("list", back).out().lines().count(), "only the heading is left");
        try (S3Client client = s3.client()) {
            assertEquals(0, client.listObjectsV2(r -> r.bucket("backups").prefix("hokan/web-copy/data/")).keyCount(),
                    "gc deleted the packs of the deleted point");
        }
    }

    @Test
    void withoutCredentialsOrBucketTheReasonIsSaid() throws Exception {
        CliProcess.Result noCredentials = hokan(Map.of(), "vault", "init", "s3://backups/x", "--s3-endpoint",
                s3.endpoint().toString());
        assertNotEquals(0, noCredentials.exit());
        assertTrue(noCredentials.err().contains("no S3 credentials: set HOKAN_S3_ACCESS_KEY_ID"), noCredentials.err());

        CliProcess.Result noBucket = hokan(Map.of("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY",
                S3Server.SECRET_ACCESS_KEY), "vault", "init", "s3://missing-bucket/x", "--s3-endpoint",
                s3.endpoint().toString());
        assertNotEquals(0, noBucket.exit());
        assertTrue(noBucket.err().contains("bucket missing-bucket does not exist at " + s3.endpoint()), noBucket.err());

        CliProcess.Result server = hokan(Map.of("HOKAN_S3_ACCESS_KEY_ID", S3Server.ACCESS_KEY_ID,
                "HOKAN_S3_SECRET_ACCESS_KEY", S3Server.SECRET_ACCESS_KEY), "server", "--data-dir",
                dir.resolve("data").toString(), "--port", "0", "--storage", "s3://missing-bucket/hokan", "--s3-endpoint",
                s3.endpoint().toString());
        assertNotEquals(0, server.exit());
        assertTrue(server.err().contains("bucket missing-bucket does not exist at " + s3.endpoint()), server.err());
    }
}
