package dev.hokan.engine;

import java.util.regex.Pattern;

/** An account in a region: the cell it names, and every ARN issued there is built here. */
public record Account(String accountId, String region) {
    public static final String DEFAULT_ACCOUNT = "000000000000";
    public static final String DEFAULT_REGION = "us-east-1";

    static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    public Account {
        if (!ACCOUNT_ID.matcher(accountId).matches()) {
            throw new IllegalArgumentException("An account ID is 12 digits: " + accountId);
        }
        if (!REGION.matcher(region).matches()) {
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

    /** {@code nameAndSuffix}: the plan's name, a hyphen and what makes the ARN unique. */
    public String restoreTestingPlanArn(String nameAndSuffix) {
        return prefix("backup") + "restore-testing-plan:" + nameAndSuffix;
    }

    /** {@code nameAndSuffix}: the framework's name, a hyphen and what makes the ARN unique. */
    public String frameworkArn(String nameAndSuffix) {
        return prefix("backup") + "framework:" + nameAndSuffix;
    }

    /** {@code nameAndSuffix}: the report plan's name, a hyphen and what makes the ARN unique. */
    public String reportPlanArn(String nameAndSuffix) {
        return prefix("backup") + "report-plan:" + nameAndSuffix;
    }

    /** A registered resource's ARN; {@code arnKind} is its kind's, e.g. {@code directory}. */
    public String resourceArn(String arnKind, String name) {
        return prefix("hokan") + arnKind + "/" + name;
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
