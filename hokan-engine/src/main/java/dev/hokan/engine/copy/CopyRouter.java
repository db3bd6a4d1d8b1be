package dev.hokan.engine.copy;

import dev.hokan.catalog.cell.job.CopyJob;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.VaultType;
import dev.hokan.catalog.identity.PrincipalKind;
import dev.hokan.engine.Account;
import dev.hokan.engine.Arn;
import dev.hokan.engine.Deployment;
import dev.hokan.engine.Engine;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.iam.Identities;
import dev.hokan.engine.vault.AirGap;
import java.util.Map;
import java.util.Optional;

/**
 * Routes a copy job to its destination vault: a vault of any cell of this deployment, or of a remote region,
 * after {@link CopyRules} allowed it. The copy acts as the job's IAM role when that role exists in the directory,
 * otherwise as the source account's root user.
 */
public final class CopyRouter implements CopyDestinations {
    private final Deployment deployment;
    private final Identities identities;
    private final CopyRules rules;
    private final Map<String, RemoteRegion> remoteRegions;
    private final RemoteSites remoteSites;

    public CopyRouter(Deployment deployment, Identities identities, CopyRules rules, Map<String, RemoteRegion> remoteRegions,
               RemoteSites remoteSites) {
        this.deployment = deployment;
        this.identities = identities;
        this.rules = rules;
        this.remoteRegions = remoteRegions;
        this.remoteSites = remoteSites;
    }

    @Override
    public CopyTarget open(Account source, CopyJob job, RecoveryPoint point) {
        String vaultArn = job.destinationVaultArn();
        String vaultName = CopyTargets.vaultName(vaultArn).orElseThrow(() -> ServiceException.invalidParameter(
                "DestinationBackupVaultArn " + vaultArn + " is not a backup vault ARN"));
        Arn arn = Arn.parse(vaultArn).orElseThrow();
        Account destination;
        try {
            destination = new Account(arn.account(), arn.region());
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalidParameter("DestinationBackupVaultArn " + vaultArn + ": " + e.getMessage(), e);
        }
        Engine sourceCell = deployment.cell(source.accountId(), source.region());
        String principal = principal(source, job.iamRoleArn());
        RemoteRegion remote = remoteRegions.get(destination.region());
        if (remote != null) {
            rules.check(sourceCell, principal, point, new CopyRules.Destination(destination, vaultArn, vaultName,
                    null));
            return remoteSites.vault(remote, vaultArn);
        }
        if (!deployment.serves(destination.region())) {
            throw ServiceException.invalidRequest("Copy refused: region " + destination.region() + " is neither"
                    + " served by this deployment nor configured as a remote region");
        }
        if (!identities.accountExists(destination.accountId())) {
            throw ServiceException.notFound("Copy refused: account " + destination.accountId()
                    + " does not exist in this deployment");
        }
        Engine cell = deployment.cell(destination.accountId(), destination.region());
        AirGap.copyRefusal(cell.vaults().describe(vaultName)).ifPresent(why -> {
            throw ServiceException.invalidRequest("Copy refused: " + why);
        });
        rules.check(sourceCell, principal, point, new CopyRules.Destination(destination, vaultArn, vaultName, cell));
        return cell.copyTargets().vault(vaultName);
    }

    @Override
    public Optional<DestinationVault> describe(String vaultArn) {
        Optional<String> vaultName = CopyTargets.vaultName(vaultArn);
        if (vaultName.isEmpty()) {
            return Optional.empty();
        }
        Arn arn = Arn.parse(vaultArn).orElseThrow();
        RemoteRegion remote = remoteRegions.get(arn.region());
        if (remote != null) {
            return remoteSites.describe(remote, vaultArn);
        }
        if (!deployment.serves(arn.region()) || !identities.accountExists(arn.account())) {
            return Optional.empty();
        }
        Engine cell = deployment.cell(arn.account(), arn.region());
        return cell.vaults().findIfAny(vaultName.get()).map(vault -> new DestinationVault(null,
                vault.type() == VaultType.LOGICALLY_AIR_GAPPED_BACKUP_VAULT,
                cell.vaultLocks().find(vault.name()).orElse(null)));
    }

    private String principal(Account source, String iamRoleArn) {
        boolean knownRole = iamRoleArn != null && Arn.parse(iamRoleArn)
                .filter(a -> a.account().equals(source.accountId())).isPresent()
                && identities.principalIfAny(iamRoleArn).filter(p -> p.kind() == PrincipalKind.ROLE).isPresent();
        return knownRole ? iamRoleArn : source.rootArn();
    }
}
