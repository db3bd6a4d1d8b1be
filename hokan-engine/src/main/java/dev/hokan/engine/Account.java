package dev.hokan.engine;

import dev.hokan.catalog.ResourceType;

/** The account and region this server answers for; every ARN it issues is built here. */
public record Account(String accountId, String region) {
    public static final String DEFAULT_ACCOUNT = "000000000000";
    public static final String DEFAULT_REGION = "us-east-1";

    public Account {
        if (!accountId.matches("\\d{12}")) {
            throw new IllegalArgumentException("An account ID is 12 digits: " + accountId);
        }
        if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
            throw new IllegalArgumentException("Not a region name: " + region);
        }
    }

    public String vaultArn(String vaultName) {
        return prefix("backup") + "backup-vault:" + vaultName;
    }

    public String planArn(String planId) {
        return prefix("backup") + "backup-plan:" + planId;
    }

    public String recoveryPointArn(String recoveryPointId) {
        return prefix("backup") + "recovery-point:" + recoveryPointId;
    }

    public String legalHoldArn(String legalHoldId) {
        return prefix("backup") + "legal-hold:" + legalHoldId;
    }

    public String resourceArn(ResourceType type, String name) {
        return prefix("hokan") + type.arnKind() + "/" + name;
    }

    /** The account's root user, the principal of the root credentials. */
    public String rootArn() {
        return "arn:aws:iam::" + accountId + ":root";
    }

    /** The key every vault is encrypted with: the server's master key. */
    public String masterKeyArn() {
        return prefix("hokan") + "key/master";
    }

    private String prefix(String service) {
        return "arn:aws:" + service + ":" + region + ":" + accountId + ":";
    }
}
