package dev.hokan.api;

import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.copy.CopyReceipt;
import dev.hokan.engine.copy.CopyRequest;
import dev.hokan.engine.copy.CopyTarget;
import dev.hokan.store.copy.CopyResult;
import dev.hokan.store.copy.RemoteCopyDestination;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.logging.Logger;
import tools.jackson.databind.JsonNode;

/**
 * A vault at another Hokan site as a copy's destination. The copy opens a session there, which checks that this
 * site's credentials may copy into the vault, and sends only what the vault lacks. A dropped connection or a
 * restart of either side is survived by opening a new session: what already arrived is not sent again, and the
 * remote point exists only once the last message committed it.
 */
final class RemoteCopyTarget implements CopyTarget {
    private static final Logger LOG = Logger.getLogger(RemoteCopyTarget.class.getName());
    private static final int ATTEMPTS = 6;
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);

    private final HokanClient client;
    private final String vaultArn;

    RemoteCopyTarget(HokanClient client, String vaultArn) {
        this.client = client;
        this.vaultArn = vaultArn;
    }

    @Override
    public CopyReceipt receive(CopyRequest request) throws IOException, InterruptedException {
        Duration wait = FIRST_RETRY;
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(request);
            } catch (HokanClient.HokanCallException e) {
                if (!retryable(e) || attempt == ATTEMPTS) {
                    throw ServiceException.invalidRequest("The remote site refused the copy into " + vaultArn + ": "
                            + e.getMessage(), e);
                }
            } catch (IOException e) {
                if (attempt == ATTEMPTS) {
                    throw new IOException("The remote site of " + vaultArn + " could not be reached " + ATTEMPTS
                            + " times: " + e.getMessage(), e);
                }
            }
            LOG.info("Copy job " + request.copyJobId() + " into " + vaultArn + " was interrupted; attempt "
                    + (attempt + 1) + " sends only what has not arrived");
            Thread.sleep(wait.toMillis());
            wait = wait.multipliedBy(2);
        }
    }

    private CopyReceipt attempt(CopyRequest request) throws IOException, InterruptedException {
        JsonNode opened = client.call("POST", "/hokan/v1/copy-sessions", opening(request));
        String arn = opened.get("RecoveryPointArn").stringValue();
        JsonNode session = opened.get("CopySessionId");
        if (session == null) {
            return new CopyReceipt(arn, 0);
        }
        String path = "/hokan/v1/copy-sessions/" + session.stringValue();
        CopyResult copied = request.data().sendTo(new RemoteCopyDestination(message -> Base64.getDecoder().decode(
                client.send("POST", path, message, "application/octet-stream").get("Reply").stringValue())));
        return new CopyReceipt(arn, copied.bytesTransferred());
    }

    /** Server faults, and a session the remote side no longer has, are worth another attempt; refusals are not. */
    private static boolean retryable(HokanClient.HokanCallException e) {
        return e.status() >= 500 || (e.errorType().equals("ResourceNotFoundException")
                && e.getMessage().contains("Copy session"));
    }

    private String opening(CopyRequest request) throws IOException, InterruptedException {
        RecoveryPoint source = request.source();
        JsonOut body = JsonOut.object()
                .put("DestinationBackupVaultArn", vaultArn)
                .put("CopyJobId", request.copyJobId())
                .put("RecoveryPointId", request.copyRecoveryPointId())
                .put("SourceBackupVaultArn", request.sourceVaultArn())
                .put("SourceVaultId", request.data().vaultId())
                .put("SourceRecoveryPointArn", sourcePointArn(request))
                .put("ResourceArn", source.resourceArn())
                .put("ResourceType", source.resourceType().wireName())
                .put("ResourceName", source.resourceName())
                .put("Status", source.status().name())
                .put("StatusMessage", source.statusMessage())
                .put("BackupSizeInBytes", source.backupSizeInBytes())
                .put("FileCount", source.fileCount())
                .put("SourceLocation", source.sourceLocation())
                .put("IamRoleArn", request.iamRoleArn());
        if (request.lifecycle() != null) {
            body.put("Lifecycle", PlanDocuments.render(request.lifecycle()));
        }
        return new String(body.toJson(), StandardCharsets.UTF_8);
    }

    private static String sourcePointArn(CopyRequest request) {
        String vaultArn = request.sourceVaultArn();
        return vaultArn.substring(0, vaultArn.indexOf(":backup-vault:")) + ":recovery-point:"
                + request.source().recoveryPointId();
    }
}
