package dev.hokan.api;

import static dev.hokan.api.TestIdentities.allow;
import static dev.hokan.api.TestIdentities.encode;
import static dev.hokan.api.TestIdentities.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hokan.api.TestIdentities.Signer;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.BackupException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tags of IAM users and roles through the admin API, by IAM's rules: case-insensitive keys, 50 at most, refused for
 * root users; managed under iam:TagUser/TagRole/UntagUser/UntagRole/ListUserTags/ListRoleTags by the principal's
 * account or the operator. Each user and role has a unique ID from its creation.
 */
class PrincipalTagsTest extends ServerTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TestIdentities ids = new TestIdentities(hokan);

    @Test
    void anAccountTagsListsAndUntagsItsUsersAndRoles() {
        Signer root = ids.createAccount("tagging");
        JsonNode user = create(root, "users", "{\"UserName\":\"tagged\",\"Tags\":{\"team\":\"blue\"}}");
        String arn = user.get("Arn").stringValue();
        assertThat(user.get("UserId").stringValue()).matches("AIDA[A-Z2-7]{17}");
        assertThat(tags(root, arn)).isEqualTo(Map.of("team", "blue"));

        ok(root.signed("POST", tagsOf(arn), "{\"Tags\":{\"Team\":\"red\",\"env\":\"prod\"}}"));
        assertThat(tags(root, arn)).isEqualTo(Map.of("Team", "red", "env", "prod"));
        ok(root.signed("PUT", tagsOf(arn), "{\"Tags\":{\"owner\":\"\"}}"));
        ok(root.signed("DELETE", tagsOf(arn) + "?TagKeys=TEAM&TagKeys=absent", null));
        assertThat(tags(root, arn)).isEqualTo(Map.of("env", "prod", "owner", ""));
        ok(root.signed("DELETE", tagsOf(arn), "{\"TagKeys\":[\"env\",\"owner\"]}"));
        assertThat(tags(root, arn)).isEmpty();

        JsonNode role = create(root, "roles", "{\"RoleName\":\"tagged-role\",\"Tags\":{\"team\":\"green\"}}");
        assertThat(role.get("RoleId").stringValue()).matches("AROA[A-Z2-7]{17}");
        assertThat(tags(root, role.get("Arn").stringValue())).isEqualTo(Map.of("team", "green"));
        JsonNode listed = ok(root.signed("GET", "/hokan/v1/admin/accounts/" + root.accountId() + "/principals",
                null)).get("Principals");
        assertThat(listed.findValuesAsString("UserId")).containsExactlyInAnyOrder(root.accountId(),
                user.get("UserId").stringValue());
        assertThat(listed.findValuesAsString("RoleId")).containsExactly(role.get("RoleId").stringValue());

        JsonNode tagged = ok(root.signed("GET", "/hokan/v1/events?type=PrincipalTagged", null)).get("Events");
        assertThat(tagged).hasSize(2);
        assertThat(tagged.get(0).get("Actor").stringValue()).isEqualTo(root.arn());
        assertThat(tagged.get(0).get("ResourceArn").stringValue()).isEqualTo(arn);
        assertThat(tagged.get(0).get("Details").get("Team").stringValue()).isEqualTo("red");
        JsonNode untagged = ok(root.signed("GET", "/hokan/v1/events?type=PrincipalUntagged", null)).get("Events");
        assertThat(untagged.findValuesAsString("Message")).containsExactly("Tags TEAM, absent removed",
                "Tags env, owner removed");
    }

    @Test
    void tagsFollowIamsLimitsAndABadRequestChangesNothing() {
        Signer root = ids.createAccount("limits");
        String arn = ids.createUser(root, "limited", null).arn();
        Map<String, String> fifty = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            fifty.put("k" + i, "v");
        }
        Map<String, String> fiftyOne = new LinkedHashMap<>(fifty);
        fiftyOne.put("k50", "v");

        refused(root.signed("POST", tagsOf(arn), tagsBody(fiftyOne)), 400, "InvalidParameterValueException",
                "at most 50");
        refused(root.signed("POST", tagsOf(arn), "{\"Tags\":{\"" + "k".repeat(129) + "\":\"v\"}}"), 400,
                "InvalidParameterValueException", "1 to 128");
        refused(root.signed("POST", tagsOf(arn), "{\"Tags\":{\"k\":\"" + "v".repeat(257) + "\"}}"), 400,
                "InvalidParameterValueException", "at most 256");
        refused(root.signed("POST", tagsOf(arn), "{\"Tags\":{\"cost#centre\":\"v\"}}"), 400,
                "InvalidParameterValueException", "cost#centre");
        refused(root.signed("POST", tagsOf(arn), "{\"Tags\":{\"AWS:owner\":\"v\"}}"), 400,
                "InvalidParameterValueException", "reserved prefix aws:");
        refused(root.signed("POST", tagsOf(arn), "{\"Tags\":{\"team\":\"a\",\"TEAM\":\"b\"}}"), 400,
                "InvalidParameterValueException", "Duplicate tag keys");
        refused(root.signed("POST", tagsOf(arn), "{}"), 400, "MissingParameterValueException", "Tags");
        refused(root.signed("DELETE", tagsOf(arn), "{}"), 400, "MissingParameterValueException", "TagKeys");
        refused(root.signed("POST", tagsOf(root.arn()), "{\"Tags\":{\"k\":\"v\"}}"), 400,
                "InvalidParameterValueException", "root user takes no tags");
        refused(root.signed("POST", tagsOf("arn:aws:iam::" + root.accountId() + ":user/nobody"),
                "{\"Tags\":{\"k\":\"v\"}}"), 400, "ResourceNotFoundException", "user/nobody");
        refused(root.signed("POST", "/hokan/v1/admin/accounts/" + root.accountId() + "/users",
                "{\"UserName\":\"never\",\"Tags\":{\"aws:x\":\"v\"}}"), 400, "InvalidParameterValueException",
                "aws:x");
        assertThat(tags(root, arn)).isEmpty();
        assertThat(ok(root.signed("GET", "/hokan/v1/admin/accounts/" + root.accountId() + "/principals", null))
                .get("Principals").findValuesAsString("Name")).doesNotContain("never");

        ok(root.signed("POST", tagsOf(arn), tagsBody(fifty)));
        ok(root.signed("POST", tagsOf(arn), "{\"Tags\":{\"K0\":\"replaced\"}}"));
        refused(root.signed("POST", tagsOf(arn), "{\"Tags\":{\"one-more\":\"v\"}}"), 400,
                "LimitExceededException", "would make 51");
        assertThat(tags(root, arn)).hasSize(50).containsEntry("K0", "replaced").doesNotContainKey("k0");
    }

    @Test
    void onlyThePrincipalsAccountWithTheIamActionForItsKindOrTheOperatorManagesItsTags() {
        Signer root = ids.createAccount("owner");
        Signer stranger = ids.createAccount("stranger");
        String user = ids.createUser(root, "subject", null).arn();
        String role = create(root, "roles", "{\"RoleName\":\"subject-role\"}").get("Arn").stringValue();

        refused(stranger.signed("POST", tagsOf(user), "{\"Tags\":{\"k\":\"v\"}}"), 403, "AccessDeniedException",
                "identities of account " + root.accountId());
        refused(stranger.signed("GET", tagsOf(user), null), 403, "AccessDeniedException", stranger.arn());

        Signer reader = ids.createUser(root, "reader", allow("iam:ListUserTags", "*"));
        assertThat(tags(reader, user)).isEmpty();
        refused(reader.signed("POST", tagsOf(user), "{\"Tags\":{\"k\":\"v\"}}"), 403, "AccessDeniedException",
                "iam:TagUser on resource: " + user);
        refused(reader.signed("GET", tagsOf(role), null), 403, "AccessDeniedException", "iam:ListRoleTags");

        Signer roleTagger = ids.createUser(root, "role-tagger", allow("iam:TagRole", "*"));
        refused(roleTagger.signed("POST", tagsOf(user), "{\"Tags\":{\"k\":\"v\"}}"), 403, "AccessDeniedException",
                "iam:TagUser");
        ok(roleTagger.signed("POST", tagsOf(role), "{\"Tags\":{\"k\":\"v\"}}"));
        refused(roleTagger.signed("DELETE", tagsOf(role) + "?TagKeys=k", null), 403, "AccessDeniedException",
                "iam:UntagRole");

        Signer guarded = ids.createUser(root, "guarded-tagger", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"},\
                {"Sid":"NoOwnerTag","Effect":"Deny","Action":["iam:TagUser","iam:UntagUser","iam:CreateUser"],\
                "Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":"owner"}}}]}""");
        refused(guarded.signed("POST", tagsOf(user), "{\"Tags\":{\"team\":\"a\",\"owner\":\"me\"}}"), 403,
                "AccessDeniedException", "NoOwnerTag");
        refused(guarded.signed("DELETE", tagsOf(user) + "?TagKeys=owner", null), 403, "AccessDeniedException",
                "NoOwnerTag");
        refused(guarded.signed("POST", "/hokan/v1/admin/accounts/" + root.accountId() + "/users",
                "{\"UserName\":\"owned\",\"Tags\":{\"owner\":\"me\"}}"), 403, "AccessDeniedException", "NoOwnerTag");
        ok(guarded.signed("POST", tagsOf(user), "{\"Tags\":{\"team\":\"a\"}}"));

        ok(ids.operator().signed("POST", tagsOf(user), "{\"Tags\":{\"by\":\"operator\"}}"));
        assertThat(tags(root, user)).isEqualTo(Map.of("team", "a", "by", "operator"));
        assertThat(tags(root, role)).isEqualTo(Map.of("k", "v"));
    }

    @Test
    void aRolesUniqueIdAndTagsAreItsConditionKeys() {
        Signer root = ids.createAccount("roles");
        JsonNode role = create(root, "roles", "{\"RoleName\":\"worker\",\"Tags\":{\"tier\":\"batch\"}}");
        String arn = role.get("Arn").stringValue();
        String roleId = role.get("RoleId").stringValue();
        JsonNode key = ok(root.signed("POST", "/hokan/v1/admin/principals/" + encode(arn) + "/access-keys", ""));
        Signer worker = new Signer(hokan, arn, key.get("AccessKeyId").stringValue(),
                key.get("SecretAccessKey").stringValue());

        putPolicy(root, arn, "{'Sid':'NotBatch','Effect':'Deny','Action':'*','Resource':'*',"
                + "'Condition':{'StringEquals':{'aws:PrincipalTag/tier':'batch'}}}");
        assertThat(deniedListing(worker)).contains("NotBatch");
        putPolicy(root, arn, "{'Sid':'NotThisRole','Effect':'Deny','Action':'*','Resource':'*',"
                + "'Condition':{'StringEquals':{'aws:userid':'" + roleId + "'}}}");
        assertThat(deniedListing(worker)).contains("NotThisRole");
        putPolicy(root, arn, "{'Effect':'Deny','Action':'*','Resource':'*','Condition':{'StringNotEquals':"
                + "{'aws:userid':'" + roleId + "','aws:PrincipalTag/tier':'batch'}}}");
        assertThat(worker.client().listBackupVaults(r -> { }).sdkHttpResponse().isSuccessful()).isTrue();
    }

    private static JsonNode create(Signer admin, String kind, String body) {
        return ok(admin.signed("POST", "/hokan/v1/admin/accounts/" + admin.accountId() + "/" + kind, body));
    }

    private static void putPolicy(Signer admin, String principalArn, String statement) {
        String document = ("{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'*','Resource':'*'},"
                + statement + "]}").replace('\'', '"');
        ok(admin.signed("PUT", "/hokan/v1/admin/principals/" + encode(principalArn) + "/policies/p",
                JSON.writeValueAsString(Map.of("PolicyDocument", document))));
    }

    private static String deniedListing(Signer signer) {
        try {
            signer.client().listBackupVaults(r -> { });
        } catch (BackupException e) {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
            return e.awsErrorDetails().errorMessage();
        }
        throw new AssertionError("listing was allowed");
    }

    private static String tagsOf(String principalArn) {
        return "/hokan/v1/admin/principals/" + encode(principalArn) + "/tags";
    }

    private static Map<String, String> tags(Signer signer, String principalArn) {
        Map<String, String> tags = new LinkedHashMap<>();
        ok(signer.signed("GET", tagsOf(principalArn), null)).get("Tags").properties()
                .forEach(e -> tags.put(e.getKey(), e.getValue().stringValue()));
        return tags;
    }

    private static String tagsBody(Map<String, String> tags) {
        return JSON.writeValueAsString(Map.of("Tags", tags));
    }

    private static void refused(HttpResponse<String> response, int status, String type, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue(type);
        assertThat(response.body()).contains(message);
    }
}
