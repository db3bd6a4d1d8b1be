package dev.hokan.engine;

import dev.hokan.catalog.cell.report.ReportSetting;
import dev.hokan.catalog.identity.DeploymentAccount;
import dev.hokan.engine.iam.Membership;
import dev.hokan.engine.report.ReportCells;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cells a report covers, as AWS Backup Audit Manager decides it: a report covers its own account unless its
 * setting names accounts ({@code ROOT}: every account of the organisation) or organizational units (the accounts
 * below them), which only the organisation's management account may; and its own region unless the setting names
 * regions ({@code *}: every region this deployment serves).
 */
final class ReportCoverage implements ReportCells {
    private static final String ALL_ACCOUNTS = "ROOT";
    private static final String ALL_REGIONS = "*";

    private final Deployment deployment;

    ReportCoverage(Deployment deployment) {
        this.deployment = deployment;
    }

    @Override
    public List<Covered> covered(Account owner, ReportSetting setting) {
        List<Covered> covered = new ArrayList<>();
        for (String accountId : accounts(owner, setting)) {
            for (String region : regions(owner, setting)) {
                deployment.existingCell(new Account(accountId, region))
                        .ifPresent(engine -> covered.add(new Covered(engine.account(), engine.catalog())));
            }
        }
        return covered;
    }

    private Set<String> accounts(Account owner, ReportSetting setting) {
        Set<String> accounts = new TreeSet<>();
        if (setting.accounts().isEmpty() && setting.organizationUnits().isEmpty()) {
            accounts.add(owner.accountId());
            return accounts;
        }
        Optional<Membership> ownerMembership = deployment.organization().membership(owner.accountId());
        for (DeploymentAccount account : deployment.identities().accounts()) {
            Optional<Membership> membership = deployment.organization().membership(account.accountId());
            boolean sameOrganization = membership.isPresent() && ownerMembership.isPresent()
                    && membership.get().organization().orgId().equals(ownerMembership.get().organization().orgId());
            if ((setting.accounts().contains(ALL_ACCOUNTS) && sameOrganization)
                    || (sameOrganization && setting.organizationUnits().stream()
                    .anyMatch(unit -> membership.get().path().contains(unit)))) {
                accounts.add(account.accountId());
            }
        }
        setting.accounts().stream().filter(a -> !a.equals(ALL_ACCOUNTS)).forEach(accounts::add);
        boolean management = ownerMembership.map(Membership::isManagementAccount).orElse(false);
        for (String accountId : accounts) {
            if (!accountId.equals(owner.accountId()) && !management) {
                throw ServiceException.invalidParameter("Account " + owner.accountId() + " cannot report on account "
                        + accountId + ": only the organization's management account reports on other accounts");
            }
            if (!accountId.equals(owner.accountId()) && !deployment.organization().membership(accountId)
                    .map(m -> m.organization().orgId().equals(ownerMembership.get().organization().orgId()))
                    .orElse(false)) {
                throw ServiceException.invalidParameter("Account " + accountId + " is not a member of the"
                        + " organization of account " + owner.accountId());
            }
        }
        return accounts;
    }

    private Set<String> regions(Account owner, ReportSetting setting) {
        Set<String> regions = new TreeSet<>();
        if (setting.regions().isEmpty()) {
            regions.add(owner.region());
        } else if (setting.regions().contains(ALL_REGIONS)) {
            regions.addAll(deployment.regions());
        } else {
            for (String region : setting.regions()) {
                if (!deployment.serves(region)) {
                    throw ServiceException.invalidParameter("Regions: this deployment does not serve region " + region
                            + "; it serves " + deployment.regions());
                }
                regions.add(region);
            }
        }
        return regions;
    }
}
