package dev.hokan.engine;

import dev.hokan.catalog.RecoveryPoint;
import dev.hokan.catalog.StorageClass;
import dev.hokan.engine.iam.AccessControl;
import dev.hokan.engine.iam.ConditionContext;
import dev.hokan.engine.iam.Decision;
import dev.hokan.engine.iam.Membership;
import dev.hokan.engine.iam.OrganizationService;
import dev.hokan.engine.iam.Policy;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules a copy must pass before any data moves (seed 003): {@code backup:CopyFromBackupVault} on the source
 * point, with {@code backup:CopyTargets} and {@code backup:CopyTargetOrgPaths} in the context for service control
 * policies to judge; {@code backup:CopyIntoBackupVault} on the destination vault, under its access policy and with
 * its tags as {@code aws:ResourceTag/...}; and, across accounts, one organisation with cross-account backup enabled,
 * no Default vault as destination and no cold source. A remote destination judges its own vault policy.
 */
final class CopyRules {
    private final AccessControl access;
    private final OrganizationService organization;

    CopyRules(AccessControl access, OrganizationService organization) {
        this.access = access;
        this.organization = organization;
    }

    /** The destination side of a copy, as far as this deployment can see it. */
    record Destination(Account account, String vaultArn, String vaultName, Optional<Policy> accessPolicy,
                       Map<String, String> tags, boolean remote) {
    }

    /** @throws ServiceException naming the rule that refused */
    void check(Account source, String principalArn, RecoveryPoint point, Optional<Policy> sourcePolicy,
               Destination destination) {
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
        refuseUnless(access.decide(principalArn, "backup:CopyFromBackupVault", pointArn, source.accountId(),
                sourcePolicy, targets), principalArn, "backup:CopyFromBackupVault", pointArn);
        if (!destination.remote()) {
            ConditionContext tags = ConditionContext.empty();
            for (var tag : destination.tags().entrySet()) {
                tags = tags.with("aws:ResourceTag/" + tag.getKey(), tag.getValue());
            }
            refuseUnless(access.decide(principalArn, "backup:CopyIntoBackupVault", destination.vaultArn(),
                    destination.account().accountId(), destination.accessPolicy(), tags), principalArn,
                    "backup:CopyIntoBackupVault", destination.vaultArn());
        }
    }

    private void checkCrossAccount(Account source, RecoveryPoint point, Destination destination) {
        String target = destination.account().accountId();
        if (!destination.remote()) {
            for (String account : List.of(source.accountId(), target)) {
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
        if (destination.vaultName().equals(VaultService.DEFAULT_VAULT)) {
            throw refused("the Default vault cannot receive cross-account copies; copy into another vault of"
                    + " account " + target);
        }
        if (point.storageClass() == StorageClass.COLD) {
            throw refused("recovery points in cold storage cannot be copied to another account");
        }
    }

    private static void refuseUnless(Decision decision, String principalArn, String action, String resource) {
        if (!decision.allowed()) {
            throw refused(principalArn + " may not perform " + action + " on " + resource + ": "
                    + decision.reason());
        }
    }

    private static ServiceException refused(String why) {
        return ServiceException.invalidRequest("Copy refused: " + why);
    }
}
