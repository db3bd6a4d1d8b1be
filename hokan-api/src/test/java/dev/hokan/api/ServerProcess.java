package dev.hokan.api;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.services.backup.model.BackupJobState;

/**
 * A test server in a process of its own, for tests that kill it: {@code DATA_DIR SMALL_SOURCE BIG_SOURCE
 * [S3_LOCATION S3_ENDPOINT]}, its vaults in the data directory or at the S3 location ({@link dev.hokan.storage.s3.testing.S3Server}'s access key).
 * It backs up the small source into vault {@value #VAULT} and prints {@code COMPLETED <recovery point ARN>}, waits for
 * a line on its input, then starts a backup of the big source, prints {@code STARTED <job ID>} and runs until killed.
 */
public final class ServerProcess {
    static final String VAULT = "crash";

    private ServerProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        TestServer hokan = args.length > 3 ? TestServer.start(data, S3VaultsTest.locations(args[3],
                URI.create(args[4]))) : TestServer.start(data);
        hokan.backup.createBackupVault(r -> r.backupVaultName(VAULT));
        String small = hokan.registerDirectory("small", Path.of(args[1]), "{}");
        String big = hokan.registerDirectory("big", Path.of(args[2]), "{}");
        var done = BackupRestoreTest.awaitBackupOn(hokan.backup, hokan.backup.startBackupJob(r -> r
                .backupVaultName(VAULT).resourceArn(small).iamRoleArn(TestServer.ROLE)).backupJobId());
        if (done.state() != BackupJobState.COMPLETED) {
            throw new IllegalStateException("the small backup ended " + done.state() + ": " + done.statusMessage());
        }
        System.out.println("COMPLETED " + done.recoveryPointArn());
        new BufferedReader(new InputStreamReader(System.in)).readLine();
        System.out.println("STARTED " + hokan.backup.startBackupJob(r -> r.backupVaultName(VAULT).resourceArn(big)
                .iamRoleArn(TestServer.ROLE)).backupJobId());
        Thread.currentThread().join();
    }
}
