package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hokan.store.posix.Posix;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.DescribeBackupJobResponse;
import software.amazon.awssdk.services.backup.model.DescribeRestoreJobResponse;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;

/**
 * A backup job and a restore job keep what the file system holds beyond names and bytes: names that are not UTF-8,
 * extended attributes and ACLs, holes, named pipes and devices, the root directory's time; what cannot be kept (a
 * socket) or restored (an attribute the target refuses) is said in the job's status message.
 */
class FileFidelityTest extends ServerTestBase {
    private static final String ODD_NAME = "name-\\377";

    private static String sh(Path directory, String script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", script).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(script + ": " + output).isZero();
        return output;
    }

    /** Extended attributes as Python reads them, sorted {@code name=hex} lines. */
    private static String attributes(Path path) throws IOException, InterruptedException {
        return sh(path.getParent(), "python3 -c \"import os,sys; p=sys.argv[1]; [print(n + '=' + os.getxattr(p, n).hex())"
                + " for n in sorted(os.listxattr(p))]\" '" + path + "'");
    }

    private static DescribeRestoreJobResponse restore(String pointArn, Path target) {
        String id = backup.startRestoreJob(r -> r.recoveryPointArn(pointArn).metadata(Map.of("TargetPath", target.toString())))
                .restoreJobId();
        return BackupRestoreTest.awaitRestore(id);
    }

    private static DescribeBackupJobResponse backupOf(String vault, String arn) {
        String id = backup.startBackupJob(r -> r.backupVaultName(vault).resourceArn(arn).iamRoleArn(TestServer.ROLE)).backupJobId();
        return BackupRestoreTest.awaitBackup(id);
    }

    @Test
    void aBackupJobAndARestoreJobKeepWhatTheFileSystemHolds() throws Exception {
        assumeTrue(Posix.effectiveUserIsRoot(), "making a device node needs root");
        backup.createBackupVault(r -> r.backupVaultName("fidelity"));
        Path source = Files.createDirectories(dir.resolve("fidelity-source"));
        sh(source, "printf odd > \"$(printf '" + ODD_NAME + "')\" && printf acl > acl.txt && mkfifo pipe && mknod null c 1 3"
                + " && python3 -c \"import os; os.setxattr('acl.txt', 'user.origin', b'site-a');"
                // owner rw, user 1234 r, group r, mask r, other none: kept as the attribute system.posix_acl_access
                + " os.setxattr('acl.txt', 'system.posix_acl_access', bytes.fromhex("
                + "'0200000001000600ffffffff02000400d2040000040004' + '00ffffffff10000400ffffffff20000000ffffffff'))\"");
        try (RandomAccessFile sparse = new RandomAccessFile(source.resolve("sparse").toFile(), "rw")) {
            sparse.write(new byte[] {1, 2, 3, 4});
            sparse.setLength(51L << 20);
        }
        sh(source, "touch -m -d @1000000000.25 .");
        String arn = hokan.registerDirectory("fidelity", source, "{}");

        DescribeBackupJobResponse job;
        try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            socket.bind(UnixDomainSocketAddress.of(source.resolve("socket")));
            sh(source, "touch -m -d @1000000000.25 .");
            job = backupOf("fidelity", arn);
        }
        assertThat(job.state()).as(job.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
        assertThat(job.statusMessage()).isEqualTo("1 special file(s) cannot be backed up and were left out: socket (socket)");

        Path target = dir.resolve("fidelity-restored");
        DescribeRestoreJobResponse restored = restore(job.recoveryPointArn(), target);
        assertThat(restored.status()).as(restored.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);
        assertThat(restored.statusMessage()).isNull();
        String listing = "ls -a | od -An -tx1";
        assertThat(sh(target, listing)).isEqualTo(sh(source, listing.replace("ls -a", "ls -a | grep -avx socket")));
        assertThat(sh(target, "cat \"$(printf '" + ODD_NAME + "')\"")).isEqualTo("odd");
        assertThat(attributes(target.resolve("acl.txt"))).isEqualTo(attributes(source.resolve("acl.txt")))
                .contains("user.origin=", "system.posix_acl_access=");
        assertThat(Files.size(target.resolve("sparse"))).isEqualTo(51L << 20);
        assertThat(Long.parseLong(sh(target, "stat -c %b sparse").trim()) * 512).as("allocated").isLessThanOrEqualTo(64 * 1024);
        assertThat((Integer) Files.getAttribute(target.resolve("pipe"), "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000)
                .isEqualTo(0010000);
        assertThat(Files.getAttribute(target.resolve("null"), "unix:rdev", LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(Files.getAttribute(Path.of("/dev/null"), "unix:rdev"));
        assertThat(Files.getLastModifiedTime(target)).isEqualTo(Files.getLastModifiedTime(source));
    }

    /**
     * tmpfs keeps an extended attribute of 8000 bytes that ext4 (where the tests' directory is) refuses: the restore
     * job completes and names what it could not restore. The source is a tmpfs mounted for the test (the tests run as
     * root), since /dev/shm is a host path no account may back up.
     */
    @Test
    void aRestoreJobSaysWhichAttributesTheTargetRefused() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("refused"));
        Path source = Files.createDirectories(dir.resolve("tmpfs-source"));
        sh(dir, "mount -t tmpfs -o size=1m hokan-test '" + source + "'");
        try {
            sh(source, "printf big > big.txt && python3 -c \"import os; os.setxattr('big.txt', 'user.big', b'x' * 8000)\"");
            String arn = hokan.registerDirectory("refused", source, "{}");
            DescribeBackupJobResponse job = backupOf("refused", arn);
            assertThat(job.state()).as(job.statusMessage()).isEqualTo(BackupJobState.COMPLETED);

            Path target = dir.resolve("refused-restored");
            DescribeRestoreJobResponse restored = restore(job.recoveryPointArn(), target);
            assertThat(restored.status()).as(restored.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);
            assertThat(restored.statusMessage()).isEqualTo("1 item(s) restored without all their metadata: big.txt: extended"
                    + " attribute user.big not restored: No space left on device");
            assertThat(Files.readString(target.resolve("big.txt"))).isEqualTo("big");
        } finally {
            sh(dir, "umount '" + source + "'");
        }
    }
}
