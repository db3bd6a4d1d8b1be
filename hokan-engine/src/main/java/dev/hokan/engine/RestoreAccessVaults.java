package dev.hokan.engine;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.vault.BackupVault;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.RecoveryPointFilter;
import dev.hokan.catalog.cell.vault.VaultType;
import dev.hokan.engine.iam.AccessControl;
import dev.hokan.engine.iam.ConditionContext;
import dev.hokan.engine.iam.Decision;
import dev.hokan.engine.iam.OrganizationService;
import dev.hokan.engine.vault.SharedPoint;
import dev.hokan.engine.vault.SharedPoints;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Restore access vaults: another account of the organisation reads and restores the recovery points of an air-gapped
 * vault through a vault of its own, once the vault's owner shared it, until the owner revokes the access. AWS shares
 * through AWS RAM or a multi-party approval; Hokan's share is the air-gapped vault's access policy allowing the
 * reader {@code backup:CreateRestoreAccessBackupVault}. The reader's vault lies in its cell and the owner's grant in
 * the owner's: the grant is what every read checks, so a revocation counts at once.
 */
public final class RestoreAccessVaults implements SharedPoints {
    static final String CREATE_ACTION = "backup:CreateRestoreAccessBackupVault";
    private static final int MAX_ACCESS_VAULTS = 1000;

    private final Deployment deployment;
    private final AccessControl access;
    private final OrganizationService organization;

    RestoreAccessVaults(Deployment deployment, AccessControl access, OrganizationService organization) {
        this.deployment = deployment;
        this.access = access;
        this.organization = organization;
    }

    /** The restore access vault asked for by {@code principalArn} of {@code reader}, with the request's condition keys. */
    public BackupVault create(Account reader, String principalArn, String sourceVaultArn, String name,
                              Map<String, String> tags, String creatorRequestId, String requesterComment,
                              ConditionContext request) {
        if (sourceVaultArn == null) {
            throw ServiceException.missingParameter("SourceBackupVaultArn");
        }
        Source source = source(sourceVaultArn);
        if (source.owner().equals(reader)) {
            throw ServiceException.invalidParameter("SourceBackupVaultArn " + sourceVaultArn + " is a vault of this"
                    + " account: restore from it directly");
        }
        if (!source.owner().region().equals(reader.region())) {
            throw ServiceException.invalidParameter("SourceBackupVaultArn " + sourceVaultArn + " is not in region "
                    + reader.region() + ", where the restore access backup vault would be");
        }
        Engine owner = ownerCell(source);
        BackupVault shared = owner.restoreAccess().airGapped(source.vaultName());
        for (String accountId : List.of(source.owner().accountId(), reader.accountId())) {
            if (organization.membership(accountId).isEmpty()) {
                throw ServiceException.accessDenied("Account " + accountId + " is not a member of the organization;"
                        + " restore access is shared within the organization only");
            }
        }
        Decision shares = access.decide(principalArn, CREATE_ACTION, sourceVaultArn, source.owner().accountId(),
                owner.vaults().accessPolicyIfAny(shared.name()), request);
        if (!shares.allowed()) {
            throw ServiceException.accessDenied(principalArn + " may not perform " + CREATE_ACTION + " on "
                    + sourceVaultArn + ": " + shares.reason() + ". Its owner shares it by allowing the action to this"
                    + " account in the vault's access policy");
        }
        Engine cell = deployment.cell(reader.accountId(), reader.region());
        String vaultName = name != null ? name
                : "restore-access-" + UUID.randomUUID().toString().substring(0, 18).toLowerCase(Locale.ROOT);
        BackupVault made = cell.restoreAccess().create(vaultName, sourceVaultArn, tags, creatorRequestId);
        try {
            owner.restoreAccess().grant(shared.name(), reader.vaultArn(made.name()), made.creationDate(),
                    requesterComment);
        } catch (RuntimeException e) {
            cell.restoreAccess().remove(made.name());
            throw e;
        }
        return made;
    }

    /**
     * Revokes the access and deletes the restore access vault: first the owner's grant, which every read checks,
     * then the reader's vault.
     */
    public void revoke(Account owner, String vaultName, String accessVaultArn, String requesterComment) {
        if (accessVaultArn == null) {
            throw ServiceException.missingParameter("RestoreAccessBackupVaultArn");
        }
        Arn arn = Arn.require("RestoreAccessBackupVaultArn", accessVaultArn);
        String accessVault = arn.resourceId("backup-vault").orElseThrow(() -> ServiceException.invalidParameter(
                "RestoreAccessBackupVaultArn " + accessVaultArn + " is not a backup vault ARN"));
        deployment.cell(owner.accountId(), owner.region()).restoreAccess().revoke(vaultName, accessVaultArn,
                requesterComment);
        if (deployment.identities().accountExists(arn.account())) {
            deployment.cell(arn.account(), arn.region()).restoreAccess().remove(accessVault);
        }
    }

    @Override
    public Optional<SharedPoint> byArn(Account reader, String recoveryPointArn) {
        Arn arn = Arn.require("RecoveryPointArn", recoveryPointArn);
        if (arn.account().equals(reader.accountId())) {
            return Optional.empty();
        }
        String id = arn.resourceId("recovery-point").orElseThrow(() -> ServiceException.invalidParameter(
                "RecoveryPointArn " + recoveryPointArn + " is not a recovery point ARN"));
        Engine cell = deployment.cell(reader.accountId(), reader.region());
        for (BackupVault v : cell.vaults().list(VaultType.RESTORE_ACCESS_BACKUP_VAULT,
                new PageRequest(MAX_ACCESS_VAULTS, null)).items()) {
            Source source = source(v.sourceVaultArn());
            if (source.owner().accountId().equals(arn.account()) && source.owner().region().equals(arn.region())
                    && granted(reader, v.name(), source)) {
                Optional<RecoveryPoint> point = ownerCell(source).restoreAccess().point(source.vaultName(), id);
                if (point.isPresent()) {
                    return Optional.of(shared(v.name(), source, point.get()));
                }
            }
        }
        throw ServiceException.notFound("Recovery point " + recoveryPointArn + " does not exist in account "
                + reader.accountId() + ", and no restore access backup vault of it gives access to it");
    }

    @Override
    public SharedPoint through(Account reader, String accessVaultName, String recoveryPointId) {
        Source source = accessible(reader, accessVaultName);
        RecoveryPoint point = ownerCell(source).restoreAccess().point(source.vaultName(), recoveryPointId)
                .orElseThrow(() -> ServiceException.notFound("Recovery point " + recoveryPointId + " is no longer in "
                        + source.vaultArn()));
        return shared(accessVaultName, source, point);
    }

    @Override
    public SharedPoint describe(Account reader, String accessVaultName, String recoveryPointArn) {
        Source source = accessible(reader, accessVaultName);
        Arn arn = Arn.require("RecoveryPointArn", recoveryPointArn);
        return arn.resourceId("recovery-point")
                .filter(id -> arn.account().equals(source.owner().accountId())
                        && arn.region().equals(source.owner().region()))
                .flatMap(id -> ownerCell(source).restoreAccess().point(source.vaultName(), id))
                .map(point -> shared(accessVaultName, source, point))
                .orElseThrow(() -> ServiceException.notFound("Recovery point " + recoveryPointArn + " is not in "
                        + source.vaultArn() + ", which restore access backup vault " + accessVaultName + " reads"));
    }

    @Override
    public Page<SharedPoint> list(Account reader, String accessVaultName, RecoveryPointFilter filter,
                                  PageRequest page) {
        Source source = accessible(reader, accessVaultName);
        Page<RecoveryPoint> points = ownerCell(source).restoreAccess().points(source.vaultName(), filter, page);
        return new Page<>(points.items().stream().map(p -> shared(accessVaultName, source, p)).toList(),
                points.next());
    }

    private SharedPoint shared(String accessVaultName, Source source, RecoveryPoint point) {
        Engine owner = ownerCell(source);
        return new SharedPoint(accessVaultName, point, source.owner(), owner.storage(),
                owner.vaults().encryptionKeyArn(source.vaultName()));
    }

    /** The air-gapped vault the restore access vault reads, while its owner grants the access. */
    private Source accessible(Account reader, String accessVaultName) {
        BackupVault v = deployment.cell(reader.accountId(), reader.region()).restoreAccess()
                .accessVault(accessVaultName).orElseThrow(() -> ServiceException.notFound("Restore access backup"
                        + " vault " + accessVaultName + " does not exist: its owner may have revoked it"));
        Source source = source(v.sourceVaultArn());
        if (!granted(reader, accessVaultName, source)) {
            throw ServiceException.accessDenied("The owner of " + source.vaultArn() + " revoked the access of restore"
                    + " access backup vault " + accessVaultName);
        }
        return source;
    }

    private boolean granted(Account reader, String accessVaultName, Source source) {
        return deployment.identities().accountExists(source.owner().accountId())
                && ownerCell(source).restoreAccess().grants(source.vaultName(), reader.vaultArn(accessVaultName));
    }

    private Engine ownerCell(Source source) {
        if (!deployment.serves(source.owner().region())
                || !deployment.identities().accountExists(source.owner().accountId())) {
            throw ServiceException.notFound("Backup vault " + source.vaultArn() + " does not exist in this deployment");
        }
        return deployment.cell(source.owner().accountId(), source.owner().region());
    }

    private static Source source(String vaultArn) {
        Arn arn = Arn.require("SourceBackupVaultArn", vaultArn);
        String name = arn.resourceId("backup-vault").orElseThrow(() -> ServiceException.invalidParameter(
                "SourceBackupVaultArn " + vaultArn + " is not a backup vault ARN"));
        try {
            return new Source(vaultArn, new Account(arn.account(), arn.region()), name);
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalidParameter("SourceBackupVaultArn " + vaultArn + ": " + e.getMessage(), e);
        }
    }

    private record Source(String vaultArn, Account owner, String vaultName) {
    }
}
