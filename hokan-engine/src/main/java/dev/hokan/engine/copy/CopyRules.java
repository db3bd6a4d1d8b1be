package dev.hokan.engine.copy;

import dev.hokan.catalog.cell.kms.KmsKey;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.StorageClass;
import dev.hokan.engine.Account;
import dev.hokan.engine.Engine;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.iam.AccessControl;
import dev.hokan.engine.iam.ConditionContext;
import dev.hokan.engine.iam.Decision;
import dev.hokan.engine.iam.Membership;
import dev.hokan.engine.iam.OrganizationService;
import dev.hokan.engine.iam.Policy;
import dev.hokan.engine.kms.KeyAccess;
import dev.hokan.engine.kms.KeyReference;
import dev.hokan.engine.kms.KeyService;
import dev.hokan.engine.kms.KmsException;
import dev.hokan.engine.vault.VaultService;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules a copy must pass before any data moves (seed 003): {@code backup:CopyFromBackupVault} on the source
 * point, with {@code backup:CopyTargets} and {@code backup:CopyTargetOrgPaths} in the context for service control
 * policies to judge; {@code backup:CopyIntoBackupVault} on the destination vault, under its access policy and with
 * its tags as {@code aws:ResourceTag/...}; and, across accounts, one organisation with cross-account backup enabled,
 * no Default vault as destination and no cold source. A remote destination judges its own vault policy.
 * The keys come next (seed 003): a source vault under a KMS key needs {@code kms:Decrypt} on it for the principal
 * and, across accounts, for the destination account (the key policy must let it in); a destination vault under a KMS
 * key re-encrypts the copy with it, which needs {@code kms:GenerateDataKey} on it for the principal (across
 * accounts, the destination key's grant or key policy). Each is judged as KMS would, through AWS Backup
 * ({@code kms:ViaService}).
 */
public final class CopyRules {
    private final AccessControl access;
    private final OrganizationService organization;
    private final KeyAccess keyAccess;

    public CopyRules(AccessControl access, OrganizationService organization) {
        this.access = access;
        this.organization = organization;
        this.keyAccess = new KeyAccess(access);
    }

    /** The destination of a copy: a vault of one of this deployment's cells, or of a remote region (no cell). */
    record Destination(Account account, String vaultArn, String vaultName, Engine cell) {
        boolean remote() {
            return cell == null;
        }
    }

    /** @throws ServiceException naming the rule that refused */
    void check(Engine sourceCell, String principalArn, RecoveryPoint point, Destination destination) {
        Account source = sourceCell.account();
        String pointArn = source.recoveryPointArn(point.recoveryPointId());
        if (!destination.account().accountId().equals(source.accountId())) {
            checkCrossAccount(source, point, destination);
        }
        ConditionContext targets = ConditionContext.empty()
                .with("backup:CopyTargets", destination.vaultArn());
        Optional<Membership> destinationMembership = destination.remote() ? Optional.empty()
                : organization.membership(destination.account().accountId());
        if (destinationMembership.isPresent()) {
            targets = targets.with("backup:CopyTargetOrgPaths", destinationMembership.get().orgPath());
        }
        Optional<Policy> sourcePolicy = sourceCell.vaults().accessPolicyIfAny(point.vaultName());
        refuseUnless(access.decide(principalArn, "backup:CopyFromBackupVault", pointArn, source.accountId(),
                sourcePolicy, targets), principalArn, "backup:CopyFromBackupVault", pointArn);
        String sourceKey = sourceCell.vaults().encryptionKeyArn(point.vaultName());
        if (KeyReference.isKeyArn(sourceKey)) {
            requireKeyUse(sourceCell, sourceKey, principalArn, source.accountId(), "Decrypt", ConditionContext.empty());
            Account to = destination.account();
            if (!to.accountId().equals(source.accountId()) && !destination.remote()) {
                requireKeyUse(sourceCell, sourceKey, to.rootArn(), to.accountId(), "Decrypt", ConditionContext.empty());
            }
        }
        if (!destination.remote()) {
            checkInto(principalArn, source.accountId(), destination, ConditionContext.empty());
        }
    }

    /**
     * The destination's side, which a remote site judges for copies arriving from elsewhere: the principal may
     * perform {@code backup:CopyIntoBackupVault} on the vault, under its access policy and with its tags as
     * {@code aws:ResourceTag/KEY} next to the keys of the request that brings the copy ({@code request}; none for a
     * copy within this deployment), and a {@code Default} vault takes no copy from another account.
     */
    void checkInto(String principalArn, String principalAccount, Destination destination, ConditionContext request) {
        if (!principalAccount.equals(destination.account().accountId())
                && destination.vaultName().equals(VaultService.DEFAULT_VAULT)) {
            throw refused("the Default vault cannot receive cross-account copies; copy into another vault of"
                    + " account " + destination.account().accountId());
        }
        Engine cell = destination.cell();
        refuseUnless(access.decide(principalArn, "backup:CopyIntoBackupVault", destination.vaultArn(),
                destination.account().accountId(), cell.vaults().accessPolicyIfAny(destination.vaultName()),
                request.withResourceTags(() -> cell.tags().list(destination.vaultArn()))),
                principalArn, "backup:CopyIntoBackupVault", destination.vaultArn());
        String keyArn = cell.vaults().encryptionKeyArn(destination.vaultName());
        if (KeyReference.isKeyArn(keyArn)) {
            requireKeyUse(cell, keyArn, principalArn, principalAccount, "GenerateDataKey", request);
        }
    }

    /** The principal may use the key of {@code keyCell} for a KMS operation, through AWS Backup. */
    private void requireKeyUse(Engine keyCell, String keyArn, String principalArn, String principalAccount,
                               String operation, ConditionContext request) {
        KeyService keys = keyCell.keys();
        KmsKey key;
        try {
            key = keys.key(KeyReference.parse(keyArn));
        } catch (KmsException e) {
            throw refused("the KMS key " + keyArn + " cannot be used (" + e.error().awsName() + "): "
                    + e.getMessage());
        }
        refuseUnless(keyAccess.decide(keys, key, principalArn, principalAccount, operation, Map.of(),
                request.with("kms:ViaService", "backup." + keyCell.account().region() + ".amazonaws.com")),
                principalArn, "kms:" + operation, keyArn);
    }

    private void checkCrossAccount(Account source, RecoveryPoint point, Destination destination) {
        if (!destination.remote()) {
            for (String account : List.of(source.accountId(), destination.account().accountId())) {
                if (organization.membership(account).isEmpty()) {
                    throw refused("account " + account + " is not a member of the organization; both accounts"
                            + " of a cross-account copy must be");
                }
            }
        }
        if (!organization.crossAccountBackupEnabled()) {
            throw refused("cross-account backup is not enabled for the organization; its management account"
                    + " enables it with UpdateGlobalSettings isCrossAccountBackupEnabled=true");
        }
        if (point.storageClass() == StorageClass.COLD) {
            throw refused("recovery points in cold storage cannot be copied to another account");
        }
    }

    /** A policy's refusal is AccessDeniedException, which a remote site answers the sender with. */
    private static void refuseUnless(Decision decision, String principalArn, String action, String resource) {
        if (!decision.allowed()) {
            throw ServiceException.accessDenied("Copy refused: " + principalArn + " may not perform " + action
                    + " on " + resource + ": " + decision.reason());
        }
    }

    private static ServiceException refused(String why) {
        return ServiceException.invalidRequest("Copy refused: " + why);
    }
}
