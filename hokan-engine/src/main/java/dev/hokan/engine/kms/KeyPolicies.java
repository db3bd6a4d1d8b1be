package dev.hokan.engine.kms;

import dev.hokan.engine.Account;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.iam.Policy;
import dev.hokan.engine.iam.PolicyDocuments;

/** The policies keys start with, and reading one as the policy engine weighs it. */
public final class KeyPolicies {
    private KeyPolicies() {
    }

    /** KMS's default key policy: the account's identity-based policies decide who may use the key. */
    static String customerDefault(Account account) {
        return """
                {"Version":"2012-10-17","Id":"key-default-1","Statement":[{"Sid":"Enable IAM User Permissions",\
                "Effect":"Allow","Principal":{"AWS":"%s"},"Action":"kms:*","Resource":"*"}]}""".formatted(account.rootArn());
    }

    /**
     * The policy of the account's AWS managed key for AWS Backup: its principals may use it through AWS Backup
     * ({@code kms:ViaService}), and may read what it is directly.
     */
    static String backupManaged(Account account) {
        return """
                {"Version":"2012-10-17","Id":"auto-backup-1","Statement":[{"Sid":"Use through AWS Backup by the\
                 account's principals","Effect":"Allow","Principal":{"AWS":"*"},"Action":["kms:CreateGrant",\
                "kms:Decrypt","kms:Encrypt","kms:GenerateDataKey*","kms:ReEncrypt*"],"Resource":"*","Condition":\
                {"StringEquals":{"kms:ViaService":"backup.%s.amazonaws.com","kms:CallerAccount":"%s"}}},\
                {"Sid":"Read the key's metadata directly","Effect":"Allow","Principal":{"AWS":"%s"},"Action":\
                ["kms:Describe*","kms:Get*","kms:List*","kms:RevokeGrant"],"Resource":"*"}]}"""
                .formatted(account.region(), account.accountId(), account.rootArn());
    }

    /** @throws KmsException MalformedPolicyDocumentException when the document is not a policy */
    static void check(String document) {
        policy("check", document);
    }

    public static Policy policy(String keyArn, String document) {
        try {
            return new Policy("key policy of " + keyArn, PolicyDocuments.parse(document));
        } catch (ServiceException e) {
            throw new KmsException(KmsError.MALFORMED_POLICY, e.getMessage());
        }
    }
}
