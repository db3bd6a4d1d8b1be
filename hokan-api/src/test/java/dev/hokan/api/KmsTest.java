package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The key service end to end with the real {@code aws kms} CLI and boto3: keys, aliases, states, rotation, scheduled
 * deletion on the manual clock, the AWS managed backup key, key policies and grants across accounts, and the
 * cryptographic operations with their errors.
 */
class KmsTest {
    @TempDir
    static Path dir;
    static TestServer hokan;
    static TestIdentities identities;

    @BeforeAll
    static void start() {
        assumeTrue(AwsCliTest.awsExecutable() != null, "the aws CLI is not installed");
        hokan = TestServer.start(dir.resolve("data"));
        identities = new TestIdentities(hokan);
    }

    @AfterAll
    static void stop() throws IOException {
        if (hokan != null) {
            hokan.close();
        }
    }

    static AwsCliTest.Result kmsAs(TestIdentities.Signer who, String... args) throws Exception {
        return AwsCliTest.awsServiceAt(hokan.server.endpoint(), who.accessKey(), who.secret(), "us-east-1", dir, "kms",
                args);
    }

    static AwsCliTest.Result kms(String... args) throws Exception {
        return kmsAs(identities.operator(), args);
    }

    static JsonNode ok(AwsCliTest.Result result) {
        assertThat(result.exit()).as(result.err()).isZero();
        return result.out().isBlank() ? null : result.json();
    }

    static void refused(AwsCliTest.Result result, String type, String message) {
        assertThat(result.exit()).as(result.out()).isNotZero();
        assertThat(result.err()).contains("(" + type + ")").contains(message);
    }

    static String createKey(TestIdentities.Signer who, String description) throws Exception {
        return ok(kmsAs(who, "create-key", "--description", description)).get("KeyMetadata").get("Arn").asString();
    }

    /** Encrypts {@code text} as {@code who}; answers the ciphertext blob in base64. */
    static AwsCliTest.Result encrypt(TestIdentities.Signer who, String keyId, String text, String... more)
            throws Exception {
        Path plaintext = Files.writeString(dir.resolve("plain-" + System.nanoTime()), text);
        List<String> args = new ArrayList<>(List.of("encrypt", "--key-id", keyId, "--plaintext",
                "fileb://" + plaintext));
        args.addAll(List.of(more));
        return kmsAs(who, args.toArray(String[]::new));
    }

    static AwsCliTest.Result decrypt(TestIdentities.Signer who, String blob, String... more) throws Exception {
        Path ciphertext = Files.write(dir.resolve("blob-" + System.nanoTime()), Base64.getDecoder().decode(blob));
        List<String> args = new ArrayList<>(List.of("decrypt", "--ciphertext-blob", "fileb://" + ciphertext));
        args.addAll(List.of(more));
        return kmsAs(who, args.toArray(String[]::new));
    }

    static String plaintextOf(JsonNode decrypted) {
        return new String(Base64.getDecoder().decode(decrypted.get("Plaintext").asString()), StandardCharsets.UTF_8);
    }

    @Test
    void keysAliasesStatesAndTheCryptographicOperations() throws Exception {
        JsonNode created = ok(kms("create-key", "--description", "web backups")).get("KeyMetadata");
        String arn = created.get("Arn").asString();
        String keyId = created.get("KeyId").asString();
        assertThat(arn).isEqualTo("arn:aws:kms:us-east-1:000000000000:key/" + keyId);
        assertThat(created.get("KeyState").asString()).isEqualTo("Enabled");
        assertThat(created.get("KeyManager").asString()).isEqualTo("CUSTOMER");
        assertThat(created.get("KeySpec").asString()).isEqualTo("SYMMETRIC_DEFAULT");

        ok(kms("create-alias", "--alias-name", "alias/web", "--target-key-id", keyId));
        refused(kms("create-alias", "--alias-name", "alias/web", "--target-key-id", keyId), "AlreadyExistsException",
                "alias/web");
        refused(kms("create-alias", "--alias-name", "alias/aws/mine", "--target-key-id", keyId),
                "InvalidAliasNameException", "alias/aws/");
        assertThat(ok(kms("describe-key", "--key-id", "alias/web")).get("KeyMetadata").get("Arn").asString())
                .isEqualTo(arn);
        JsonNode aliases = ok(kms("list-aliases", "--key-id", arn)).get("Aliases");
        assertThat(aliases).hasSize(1);
        assertThat(aliases.get(0).get("AliasArn").asString()).isEqualTo("arn:aws:kms:us-east-1:000000000000:alias/web");
        List<String> keys = new ArrayList<>();
        ok(kms("list-keys")).get("Keys").forEach(k -> keys.add(k.get("KeyArn").asString()));
        assertThat(keys).contains(arn);

        String blob = ok(encrypt(identities.operator(), "alias/web", "secret one", "--encryption-context",
                "purpose=test")).get("CiphertextBlob").asString();
        JsonNode decrypted = ok(decrypt(identities.operator(), blob, "--encryption-context", "purpose=test"));
        assertThat(plaintextOf(decrypted)).isEqualTo("secret one");
        assertThat(decrypted.get("KeyId").asString()).isEqualTo(arn);
        refused(decrypt(identities.operator(), blob), "InvalidCiphertextException", "encryption context");
        byte[] tampered = Base64.getDecoder().decode(blob);
        tampered[tampered.length - 1] ^= 1;
        refused(decrypt(identities.operator(), Base64.getEncoder().encodeToString(tampered), "--encryption-context",
                "purpose=test"), "InvalidCiphertextException", "changed");
        String other = createKey(identities.operator(), "other");
        refused(decrypt(identities.operator(), blob, "--key-id", other, "--encryption-context", "purpose=test"),
                "IncorrectKeyException", "another key");

        JsonNode dataKey = ok(kms("generate-data-key", "--key-id", keyId, "--key-spec", "AES_256"));
        assertThat(Base64.getDecoder().decode(dataKey.get("Plaintext").asString())).hasSize(32);
        assertThat(ok(decrypt(identities.operator(), dataKey.get("CiphertextBlob").asString())).get("Plaintext")
                .asString()).isEqualTo(dataKey.get("Plaintext").asString());
        refused(kms("generate-data-key", "--key-id", keyId), "ValidationException", "KeySpec or NumberOfBytes");

        // rotation keeps the older versions: what they sealed still opens, and re-encrypts under another key
        ok(kms("rotate-key-on-demand", "--key-id", keyId));
        String afterRotation = ok(encrypt(identities.operator(), keyId, "secret two")).get("CiphertextBlob").asString();
        assertThat(plaintextOf(ok(decrypt(identities.operator(), afterRotation)))).isEqualTo("secret two");
        assertThat(plaintextOf(ok(decrypt(identities.operator(), blob, "--encryption-context", "purpose=test"))))
                .isEqualTo("secret one");
        Path sealed = Files.write(dir.resolve("reencrypt"), Base64.getDecoder().decode(blob));
        JsonNode reEncrypted = ok(kms("re-encrypt", "--ciphertext-blob", "fileb://" + sealed,
                "--source-encryption-context", "purpose=test", "--destination-key-id", other));
        assertThat(reEncrypted.get("SourceKeyId").asString()).isEqualTo(arn);
        assertThat(reEncrypted.get("KeyId").asString()).isEqualTo(other);
        assertThat(plaintextOf(ok(decrypt(identities.operator(), reEncrypted.get("CiphertextBlob").asString()))))
                .isEqualTo("secret one");

        ok(kms("enable-key-rotation", "--key-id", keyId, "--rotation-period-in-days", "90"));
        JsonNode status = ok(kms("get-key-rotation-status", "--key-id", keyId));
        assertThat(status.get("KeyRotationEnabled").asBoolean()).isTrue();
        assertThat(status.get("RotationPeriodInDays").asInt()).isEqualTo(90);

        ok(kms("disable-key", "--key-id", keyId));
        assertThat(ok(kms("describe-key", "--key-id", keyId)).get("KeyMetadata").get("KeyState").asString())
                .isEqualTo("Disabled");
        refused(encrypt(identities.operator(), keyId, "x"), "DisabledException", "is disabled");
        refused(decrypt(identities.operator(), afterRotation), "DisabledException", "is disabled");
        ok(kms("enable-key", "--key-id", keyId));
        assertThat(plaintextOf(ok(decrypt(identities.operator(), afterRotation)))).isEqualTo("secret two");

        ok(kms("delete-alias", "--alias-name", "alias/web"));
        refused(kms("describe-key", "--key-id", "alias/web"), "NotFoundException", "alias/web");
        refused(kms("describe-key", "--key-id", "not-a-key"), "NotFoundException", "Invalid keyId");
        refused(kms("decrypt", "--ciphertext-blob", "fileb://" + Files.writeString(dir.resolve("junk"), "junk")),
                "InvalidCiphertextException", "not one this service made");
    }

    @Test
    void scheduledDeletionCompletesOnTheClockAndShredsTheKey() throws Exception {
        String arn = createKey(identities.operator(), "short-lived");
        String blob = ok(encrypt(identities.operator(), arn, "gone soon")).get("CiphertextBlob").asString();
        refused(kms("schedule-key-deletion", "--key-id", arn, "--pending-window-in-days", "6"), "ValidationException",
                "between 7 and 30");
        JsonNode scheduled = ok(kms("schedule-key-deletion", "--key-id", arn, "--pending-window-in-days", "7"));
        assertThat(scheduled.get("KeyState").asString()).isEqualTo("PendingDeletion");
        assertThat(scheduled.get("PendingWindowInDays").asInt()).isEqualTo(7);
        refused(decrypt(identities.operator(), blob), "KMSInvalidStateException", "pending deletion");
        refused(kms("enable-key", "--key-id", arn), "KMSInvalidStateException", "pending deletion");

        ok(kms("cancel-key-deletion", "--key-id", arn));
        assertThat(ok(kms("describe-key", "--key-id", arn)).get("KeyMetadata").get("KeyState").asString())
                .as("a cancelled deletion leaves the key disabled, as on KMS").isEqualTo("Disabled");
        ok(kms("enable-key", "--key-id", arn));
        ok(kms("schedule-key-deletion", "--key-id", arn, "--pending-window-in-days", "7"));
        hokan.advanceClock(Duration.ofDays(6));
        assertThat(ok(kms("describe-key", "--key-id", arn)).get("KeyMetadata").get("KeyState").asString())
                .isEqualTo("PendingDeletion");
        hokan.advanceClock(Duration.ofDays(1).plusMinutes(1));
        refused(kms("describe-key", "--key-id", arn), "NotFoundException", "does not exist");
        refused(decrypt(identities.operator(), blob), "NotFoundException", "does not exist");
    }

    @Test
    void theAwsManagedBackupKeyIsMadeOnFirstUseAndManagedByNobodyElse() throws Exception {
        JsonNode managed = ok(kms("describe-key", "--key-id", "alias/aws/backup")).get("KeyMetadata");
        assertThat(managed.get("KeyManager").asString()).isEqualTo("AWS");
        assertThat(ok(kms("describe-key", "--key-id", "alias/aws/backup")).get("KeyMetadata").get("Arn").asString())
                .as("made once").isEqualTo(managed.get("Arn").asString());
        assertThat(ok(kms("get-key-rotation-status", "--key-id", managed.get("KeyId").asString()))
                .get("KeyRotationEnabled").asBoolean()).isTrue();
        refused(kms("disable-key", "--key-id", "alias/aws/backup"), "UnsupportedOperationException",
                "AWS managed key");
        refused(kms("schedule-key-deletion", "--key-id", managed.get("Arn").asString()),
                "UnsupportedOperationException", "AWS managed key");
        assertThat(ok(kms("get-key-policy", "--key-id", "alias/aws/backup", "--policy-name", "default"))
                .get("Policy").asString()).contains("kms:ViaService").contains("backup.us-east-1.amazonaws.com");
    }

    @Test
    void keyPoliciesAndGrantsDecideUseAcrossAccounts() throws Exception {
        TestIdentities.Signer owner = identities.createAccount("key-owner");
        TestIdentities.Signer other = identities.createAccount("key-user");
        String arn = createKey(owner, "shared");
        String blob = ok(encrypt(owner, arn, "shared secret")).get("CiphertextBlob").asString();

        refused(encrypt(other, arn, "x"), "AccessDeniedException", "kms:Encrypt");
        refused(kmsAs(owner, "put-key-policy", "--key-id", arn, "--policy-name", "default", "--policy", "{nope"),
                "MalformedPolicyDocumentException", "Malformed");
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + "\"" + "arn:aws:iam::" + owner.accountId() + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + other.accountId() + ":root\"},"
                + "\"Action\":[\"kms:Decrypt\",\"kms:DescribeKey\"],\"Resource\":\"*\"}]}";
        ok(kmsAs(owner, "put-key-policy", "--key-id", arn, "--policy-name", "default", "--policy", policy));
        assertThat(ok(kmsAs(owner, "get-key-policy", "--key-id", arn)).get("Policy").asString()).isEqualTo(policy);

        assertThat(plaintextOf(ok(decrypt(other, blob)))).as("the other account's root, named by the key policy")
                .isEqualTo("shared secret");
        refused(encrypt(other, arn, "x"), "AccessDeniedException", "kms:Encrypt");
        TestIdentities.Signer plain = identities.createUser(other, "no-policy", null);
        refused(decrypt(plain, blob), "AccessDeniedException", "no identity-based policy allows kms:Decrypt");
        TestIdentities.Signer allowed = identities.createUser(other, "decrypter", TestIdentities.allow("kms:Decrypt",
                arn));
        assertThat(plaintextOf(ok(decrypt(allowed, blob)))).as("identity policy and key policy both allow")
                .isEqualTo("shared secret");

        JsonNode grant = ok(kmsAs(owner, "create-grant", "--key-id", arn, "--grantee-principal", plain.arn(),
                "--operations", "Decrypt", "Encrypt", "--name", "for-copies"));
        String grantId = grant.get("GrantId").asString();
        assertThat(plaintextOf(ok(decrypt(plain, blob)))).as("the grant alone allows").isEqualTo("shared secret");
        JsonNode grants = ok(kmsAs(owner, "list-grants", "--key-id", arn)).get("Grants");
        assertThat(grants).hasSize(1);
        assertThat(grants.get(0).get("GranteePrincipal").asString()).isEqualTo(plain.arn());
        assertThat(grants.get(0).get("IssuingAccount").asString()).isEqualTo("arn:aws:iam::" + owner.accountId()
                + ":root");
        refused(kmsAs(owner, "create-grant", "--key-id", arn, "--grantee-principal", plain.arn(), "--operations",
                "Sign"), "ValidationException", "Sign");
        ok(kmsAs(owner, "revoke-grant", "--key-id", arn, "--grant-id", grantId));
        refused(decrypt(plain, blob), "AccessDeniedException", "kms:Decrypt");
        refused(kmsAs(owner, "revoke-grant", "--key-id", arn, "--grant-id", grantId), "NotFoundException", grantId);

        JsonNode constrained = ok(kmsAs(owner, "create-grant", "--key-id", arn, "--grantee-principal", plain.arn(),
                "--operations", "Encrypt", "--constraints", "EncryptionContextSubset={vault=web}"));
        assertThat(constrained.get("GrantId").asString()).hasSize(64);
        ok(encrypt(plain, arn, "in context", "--encryption-context", "vault=web,job=1"));
        refused(encrypt(plain, arn, "out of context", "--encryption-context", "vault=db"), "AccessDeniedException",
                "kms:Encrypt");
    }

    @Test
    void boto3SpeaksToTheKeyService() throws Exception {
        String python = NotificationsTest.python();
        assumeTrue(python != null, "python3 with boto3 is not installed");
        Path script = Files.writeString(dir.resolve("kms_boto3.py"), """
                import sys, boto3
                kms = boto3.client("kms", endpoint_url=sys.argv[1], region_name="us-east-1")
                key = kms.create_key(Description="boto3")["KeyMetadata"]
                kms.create_alias(AliasName="alias/boto3", TargetKeyId=key["KeyId"])
                sealed = kms.encrypt(KeyId="alias/boto3", Plaintext=b"from boto3",
                                     EncryptionContext={"a": "b"})["CiphertextBlob"]
                opened = kms.decrypt(CiphertextBlob=sealed, EncryptionContext={"a": "b"})
                assert opened["Plaintext"] == b"from boto3", opened
                assert opened["KeyId"] == key["Arn"], opened
                pages = kms.get_paginator("list_keys").paginate(PaginationConfig={"PageSize": 1})
                arns = [k["KeyArn"] for page in pages for k in page["Keys"]]
                assert key["Arn"] in arns and len(arns) == len(set(arns)), arns
                try:
                    kms.describe_key(KeyId="alias/missing")
                    raise SystemExit("no error")
                except kms.exceptions.NotFoundException as e:
                    print("not found:", e.response["Error"]["Code"])
                print("keys paged:", len(arns))
                """);
        ProcessBuilder pb = new ProcessBuilder(python, script.toString(), hokan.server.endpoint().toString());
        pb.environment().put("AWS_ACCESS_KEY_ID", TestServer.ACCESS_KEY);
        pb.environment().put("AWS_SECRET_ACCESS_KEY", TestServer.SECRET_KEY);
        pb.environment().put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("not found: NotFoundException").contains("keys paged:");
    }
}
