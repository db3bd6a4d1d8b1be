package dev.hokan.engine.notification;

import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.notification.Topic;
import dev.hokan.catalog.cell.notification.VaultNotification;
import dev.hokan.engine.Account;
import dev.hokan.engine.Arn;
import dev.hokan.engine.CellContext;
import dev.hokan.engine.Names;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.event.EventLog;
import dev.hokan.engine.event.EventType;
import dev.hokan.engine.iam.AuthorizationRequest;
import dev.hokan.engine.iam.ConditionContext;
import dev.hokan.engine.iam.PolicyEvaluator;
import dev.hokan.engine.iam.PolicySet;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Vaults' notification configurations (PutBackupVaultNotifications and its siblings) and the messages of vault
 * events: an event of a vault that asked for it is published to the vault's topic in the transaction that records
 * the event, when the topic's policy lets AWS Backup's service principal publish, as on AWS.
 */
public final class BackupNotifications {
    /** The service principal AWS Backup publishes as; a topic's policy must allow it {@code sns:Publish}. */
    public static final String BACKUP_SERVICE = "backup.amazonaws.com";
    private static final Logger LOG = Logger.getLogger(BackupNotifications.class.getName());

    private final CellContext cell;

    public BackupNotifications(CellContext cell) {
        this.cell = cell;
    }

    /** Replaces the vault's configuration. The topic must be in the vault's account and region, as on AWS. */
    public void put(String vaultName, String topicArn, List<String> events) {
        Names.vault(vaultName);
        if (topicArn == null || topicArn.isEmpty()) {
            throw ServiceException.missingParameter("SNSTopicArn");
        }
        Arn topic = Arn.require("SNSTopicArn", topicArn);
        Account account = cell.account();
        if (!topic.service().equals("sns") || topic.resource().contains(":")) {
            throw ServiceException.invalidParameter("SNSTopicArn " + topicArn + " is not an SNS topic ARN");
        }
        if (!topic.account().equals(account.accountId()) || !topic.region().equals(account.region())) {
            throw ServiceException.invalidParameter("SNSTopicArn " + topicArn + " must be a topic of account "
                    + account.accountId() + " in " + account.region() + ": AWS Backup notifies topics of the vault's"
                    + " own account and Region only");
        }
        if (events == null || events.isEmpty()) {
            throw ServiceException.missingParameter("BackupVaultEvents");
        }
        List<String> checked = List.copyOf(new LinkedHashSet<>(events.stream()
                .map(e -> BackupVaultEvent.of(e).name()).toList()));
        cell.catalog().write(tx -> {
            vault(tx, vaultName);
            tx.vaultNotifications().put(new VaultNotification(vaultName, topicArn, checked));
            EventLog.record(tx, cell.clock().now(), EventType.BACKUP_VAULT_NOTIFICATIONS_PUT,
                    account.vaultArn(vaultName), "Events " + String.join(", ", checked) + " of vault " + vaultName
                            + " go to topic " + topicArn, Map.of("SNSTopicArn", topicArn));
            return null;
        });
    }

    public VaultNotification get(String vaultName) {
        Names.vault(vaultName);
        return cell.catalog().read(tx -> {
            vault(tx, vaultName);
            return tx.vaultNotifications().find(vaultName);
        }).orElseThrow(() -> ServiceException.notFound("Backup vault " + vaultName + " has no notification"
                + " configuration"));
    }

    public void delete(String vaultName) {
        Names.vault(vaultName);
        cell.catalog().write(tx -> {
            vault(tx, vaultName);
            if (tx.vaultNotifications().delete(vaultName)) {
                EventLog.record(tx, cell.clock().now(), EventType.BACKUP_VAULT_NOTIFICATIONS_DELETED,
                        cell.account().vaultArn(vaultName), "Vault " + vaultName + " notifies no topic any more",
                        Map.of());
            }
            return null;
        });
    }

    private static void vault(CellTx tx, String vaultName) {
        if (tx.vaults().find(vaultName).isEmpty()) {
            throw ServiceException.notFound("Backup vault " + vaultName + " does not exist");
        }
    }

    /**
     * Puts the message of a vault event into the outbox when the vault asked for it: called by the event log for
     * every event it records, in the same transaction.
     */
    public static void enqueue(CellTx tx, Instant at, EventType type, String resourceArn, String message,
                               Map<String, String> details) {
        String vaultName = details.getOrDefault("BackupVaultName", details.get("SourceBackupVaultName"));
        if (vaultName == null) {
            return;
        }
        Optional<VaultNotification> config = tx.vaultNotifications().find(vaultName);
        if (config.isEmpty() || config.get().events().stream().noneMatch(e -> BackupVaultEvent.valueOf(e).sentFor(type))) {
            return;
        }
        String topicArn = config.get().topicArn();
        Arn topic = Arn.parse(topicArn).orElseThrow();
        Account account = new Account(topic.account(), topic.region());
        Optional<Topic> target = tx.topics().find(topic.resource());
        if (target.isEmpty()) {
            LOG.warning("Vault " + vaultName + " notifies topic " + topicArn + ", which does not exist; "
                    + type.wireName() + " of " + resourceArn + " was not sent");
            return;
        }
        if (!backupMayPublish(target.get(), topicArn, account.vaultArn(vaultName))) {
            LOG.warning("The policy of topic " + topicArn + " does not allow " + BACKUP_SERVICE + " sns:Publish; "
                    + type.wireName() + " of " + resourceArn + " in vault " + vaultName + " was not sent");
            return;
        }
        Outbox.publish(tx, at, topic.resource(), VaultEventMessage.of(tx, account, topicArn, at, type, resourceArn,
                message, details));
    }

    private static boolean backupMayPublish(Topic topic, String topicArn, String vaultArn) {
        String document = topic.attributes().get("Policy");
        if (document == null) {
            return false;
        }
        String account = Arn.parse(topicArn).orElseThrow().account();
        ConditionContext context = ConditionContext.empty()
                .with("aws:SourceAccount", account)
                .with("aws:SourceArn", vaultArn)
                .with("aws:PrincipalServiceName", BACKUP_SERVICE)
                .with("aws:PrincipalIsAWSService", "true");
        return PolicyEvaluator.evaluate(new AuthorizationRequest(BACKUP_SERVICE, account, "sns:Publish", topicArn,
                account, context), new PolicySet(List.of(), false,
                Optional.of(TopicService.topicPolicy(topic.name(), document)), List.of())).allowed();
    }
}
