package dev.hokan.api;

import dev.hokan.catalog.cell.vault.Lifecycle;
import dev.hokan.catalog.cell.vault.RecoveryPointStatus;
import dev.hokan.engine.Deployment;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.copy.IncomingCopies;
import dev.hokan.engine.copy.IncomingCopy;
import dev.hokan.engine.resource.ResourceKinds;
import dev.hokan.store.copy.CopyRefusedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Receiving copies from other Hokan sites: {@code POST /hokan/v1/copy-sessions} opens a copy into one of this
 * deployment's vaults (the operation itself authorises {@code backup:CopyIntoBackupVault} there, with the request's
 * condition keys, since the vault may belong to another account than the signer's), and
 * {@code POST /hokan/v1/copy-sessions/{sessionId}} carries one binary protocol message, answered in base64.
 */
final class CopySessionOperations {
    static final String OPEN = "HokanOpenCopySession";
    static final String MESSAGE = "HokanCopySessionMessage";
    static final List<Route> ROUTES = List.of(
            Route.parse(OPEN, "POST", "/hokan/v1/copy-sessions"),
            Route.parse(MESSAGE, "POST", "/hokan/v1/copy-sessions/{sessionId}"));

    private final IncomingCopies copies;
    private final RequestConditions conditions;

    static boolean authorisesItself(String operation) {
        return operation.equals(OPEN) || operation.equals(MESSAGE);
    }

    CopySessionOperations(Deployment deployment) {
        this.copies = deployment.incomingCopies();
        this.conditions = new RequestConditions(deployment);
    }

    void register(Map<String, Operation> ops) {
        ops.put(OPEN, this::open);
        ops.put(MESSAGE, this::message);
    }

    private JsonOut open(ApiCall call) {
        Input in = call.body();
        String type = in.requiredString("ResourceType");
        IncomingCopy copy = new IncomingCopy(in.requiredString("DestinationBackupVaultArn"),
                in.requiredString("CopyJobId"), in.requiredString("RecoveryPointId"),
                in.requiredString("SourceBackupVaultArn"), in.requiredString("SourceVaultId"),
                in.requiredString("SourceRecoveryPointArn"), in.requiredString("ResourceArn"),
                ResourceKinds.type(type).orElseThrow(() -> ServiceException.invalidParameter(
                        "ResourceType " + type + " is not supported here")),
                in.string("ResourceName"), RecoveryPointStatus.valueOf(in.requiredString("Status")),
                in.string("StatusMessage"), orZero(in.longValue("BackupSizeInBytes")),
                orZero(in.longValue("FileCount")), in.string("SourceLocation"), lifecycle(in),
                in.string("IamRoleArn"));
        try {
            IncomingCopies.Opened opened = copies.open(call.caller().principalArn(), call.caller().accountId(), copy,
                    conditions.of(call, "*"));
            JsonOut out = JsonOut.object().put("RecoveryPointArn", opened.recoveryPointArn());
            return opened.sessionId().map(id -> out.put("CopySessionId", id)).orElse(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ServiceException.dependencyFailure("Interrupted while opening the copy", e);
        }
    }

    private JsonOut message(ApiCall call) {
        try {
            byte[] reply = copies.exchange(call.caller().principalArn(), call.label("sessionId"), call.payload());
            return JsonOut.object().put("Reply", Base64.getEncoder().encodeToString(reply));
        } catch (CopyRefusedException e) {
            throw ServiceException.invalidParameter("Copy message refused: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Lifecycle lifecycle(Input in) {
        Lifecycle given = PlanDocuments.lifecycle(in.object("Lifecycle"));
        return given == null ? Lifecycle.KEEP_FOREVER : given;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
