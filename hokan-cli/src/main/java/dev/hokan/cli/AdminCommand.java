package dev.hokan.cli;

import dev.hokan.api.HokanClient;
import dev.hokan.engine.iam.KeyPair;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code hokan admin}: accounts, IAM identities and the organisation of a running deployment, through its signed
 * admin API. Each subcommand prints the server's JSON answer.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Manage accounts, IAM users and roles, and the organisation of a running Hokan server.",
        subcommands = {AdminCommand.CreateAccount.class, AdminCommand.ListAccounts.class,
                AdminCommand.CreateUser.class, AdminCommand.CreateRole.class, AdminCommand.CreateAccessKey.class,
                AdminCommand.CreateRootAccessKey.class, AdminCommand.SetConsolePassword.class,
                AdminCommand.PutPolicy.class, AdminCommand.TagPrincipal.class,
                AdminCommand.UntagPrincipal.class, AdminCommand.ListPrincipalTags.class,
                AdminCommand.CreateOrganization.class, AdminCommand.DescribeOrganization.class, AdminCommand.CreateUnit.class,
                AdminCommand.MoveAccount.class, AdminCommand.CreatePolicy.class, AdminCommand.AttachPolicy.class,
                AdminCommand.GrantHostPath.class, AdminCommand.ListHostPaths.class, AdminCommand.RevokeHostPath.class,
                RotateMasterKeyCommand.class})
final class AdminCommand {
    // Built on first use: picocli makes an AdminCommand for every command line, and building the mapper loads some
    // 460 classes, a tenth of a second of CPU at the start of every vault command (measured).
    private static final class Json {
        static final JsonMapper MAPPER = JsonMapper.builder().build();
    }

    @Mixin
    Connection connection;

    /**
     * Where the server is and whose credentials sign: options, else the AWS environment variables. The options are
     * taken before or after the subcommand's name.
     */
    static final class Connection {
        @Spec(Spec.Target.MIXEE)
        CommandSpec spec;

        @Option(names = "--endpoint-url", defaultValue = "http://127.0.0.1:8080", scope = ScopeType.INHERIT,
                description = "The Hokan server (default: ${DEFAULT-VALUE}).")
        URI endpoint;

        @Option(names = "--region", scope = ScopeType.INHERIT,
                description = "Region to sign for (default: AWS_REGION, else us-east-1).")
        String region;

        @Option(names = "--access-key-id", scope = ScopeType.INHERIT, description = "Default: AWS_ACCESS_KEY_ID.")
        String accessKeyId;

        @Option(names = "--secret-access-key-file", scope = ScopeType.INHERIT, description = "File holding the"
                + " secret access key (default: AWS_SECRET_ACCESS_KEY), kept off the command line.")
        Path secretFile;

        HokanClient client() throws IOException {
            String key = accessKeyId != null ? accessKeyId : System.getenv("AWS_ACCESS_KEY_ID");
            String secret = secretFile != null ? Files.readString(secretFile).strip()
                    : System.getenv("AWS_SECRET_ACCESS_KEY");
            if (key == null || secret == null) {
                throw new ParameterException(spec.commandLine(), "Give credentials: --access-key-id and"
                        + " --secret-access-key-file, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
            }
            String signingRegion = region != null ? region
                    : System.getenv().getOrDefault("AWS_REGION", "us-east-1");
            return new HokanClient(endpoint, new KeyPair(key, secret), signingRegion);
        }
    }

    /** A subcommand: one call to the admin API whose answer is printed. */
    abstract static class Call implements Callable<Integer> {
        @ParentCommand
        AdminCommand admin;

        @Spec
        CommandSpec spec;

        abstract String method();

        abstract String path();

        Map<String, ?> body() {
            return Map.of();
        }

        @Override
        public Integer call() throws IOException {
            Map<String, ?> body = body();
            JsonNode answer = admin.connection.client().call(method(), "/hokan/v1/admin" + path(),
                    body.isEmpty() ? null : Json.MAPPER.writeValueAsString(body));
            spec.commandLine().getOut().println(Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(withIsoDates(answer)));
            return 0;
        }

        /** The wire's epoch seconds of every {@code ...Date} member, as ISO-8601 text for people. */
        private static JsonNode withIsoDates(JsonNode node) {
            if (node instanceof ObjectNode object) {
                for (String name : List.copyOf(object.propertyNames())) {
                    JsonNode value = object.get(name);
                    if (name.endsWith("Date") && value.isNumber()) {
                        object.put(name, Instant.ofEpochMilli(value.decimalValue().movePointRight(3).longValue())
                                .toString());
                    } else {
                        withIsoDates(value);
                    }
                }
            } else if (node instanceof ArrayNode array) {
                array.forEach(Call::withIsoDates);
            }
            return node;
        }

        /** Percent-encoded as SigV4 and the server read it: a space is {@code %20}, never {@code +}. */
        static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
        }

        static Map<String, String> members(String... namesAndValues) {
            Map<String, String> map = new LinkedHashMap<>();
            for (int i = 0; i < namesAndValues.length; i += 2) {
                if (namesAndValues[i + 1] != null) {
                    map.put(namesAndValues[i], namesAndValues[i + 1]);
                }
            }
            return map;
        }
    }

    @Command(name = "create-account", description = "Create an account; prints its root access key once.")
    static final class CreateAccount extends Call {
        @Option(names = "--name", required = true) String name;
        @Option(names = "--account-id", description = "12 digits; default: a free one.") String accountId;

        String method() { return "POST"; }
        String path() { return "/accounts"; }
        Map<String, String> body() { return members("AccountName", name, "AccountId", accountId); }
    }

    @Command(name = "list-accounts", description = "List the deployment's accounts.")
    static final class ListAccounts extends Call {
        String method() { return "GET"; }
        String path() { return "/accounts"; }
    }

    @Command(name = "create-user", description = "Create an IAM user in an account.")
    static final class CreateUser extends Call {
        @Option(names = "--account-id", required = true) String accountId;
        @Option(names = "--user-name", required = true) String userName;

        String method() { return "POST"; }
        String path() { return "/accounts/" + accountId + "/users"; }
        Map<String, String> body() { return members("UserName", userName); }
    }

    @Command(name = "create-role", description = "Create an IAM role in an account.")
    static final class CreateRole extends Call {
        @Option(names = "--account-id", required = true) String accountId;
        @Option(names = "--role-name", required = true) String roleName;

        String method() { return "POST"; }
        String path() { return "/accounts/" + accountId + "/roles"; }
        Map<String, String> body() { return members("RoleName", roleName); }
    }

    @Command(name = "create-access-key", description = "Create an access key for a user or role; prints it once.")
    static final class CreateAccessKey extends Call {
        @Option(names = "--principal-arn", required = true) String principalArn;

        String method() { return "POST"; }
        String path() { return "/principals/" + encode(principalArn) + "/access-keys"; }
    }

    @Command(name = "create-root-access-key", description = "Issue a new access key for an account's root user,"
            + " when its keys are lost (the operator only); prints it once.")
    static final class CreateRootAccessKey extends Call {
        @Option(names = "--account-id", required = true) String accountId;

        String method() { return "POST"; }
        String path() { return "/accounts/" + accountId + "/root-access-keys"; }
    }

    @Command(name = "set-console-password", description = "Set the web console password of a user or root user.")
    static final class SetConsolePassword extends Call {
        @Option(names = "--principal-arn", required = true) String principalArn;
        @Option(names = "--password-file", required = true, description = "A file whose first line is the password"
                + " (8 to 128 characters), kept off the command line.")
        Path passwordFile;

        String method() { return "POST"; }
        String path() { return "/principals/" + encode(principalArn) + "/console-password"; }
        Map<String, String> body() {
            return members("Password", read(spec, passwordFile).lines().findFirst().orElse(""));
        }
    }

    @Command(name = "put-policy", description = "Set an inline identity-based policy of a user or role.")
    static final class PutPolicy extends Call {
        @Option(names = "--principal-arn", required = true) String principalArn;
        @Option(names = "--policy-name", required = true) String policyName;
        @Option(names = "--policy-document", required = true, description = "A file holding the policy JSON.")
        Path document;

        String method() { return "PUT"; }
        String path() { return "/principals/" + encode(principalArn) + "/policies/" + encode(policyName); }
        Map<String, String> body() { return members("PolicyDocument", read(spec, document)); }
    }

    @Command(name = "tag-principal", description = "Add tags to a user or role, replacing those with the same keys.")
    static final class TagPrincipal extends Call {
        @Option(names = "--principal-arn", required = true) String principalArn;
        @Option(names = "--tag", required = true, paramLabel = "KEY=VALUE", description = "A tag; repeat for more.")
        Map<String, String> tags;

        String method() { return "POST"; }
        String path() { return "/principals/" + encode(principalArn) + "/tags"; }
        Map<String, ?> body() { return Map.of("Tags", tags); }
    }

    @Command(name = "untag-principal", description = "Remove tags of a user or role by their keys.")
    static final class UntagPrincipal extends Call {
        @Option(names = "--principal-arn", required = true) String principalArn;
        @Option(names = "--tag-key", required = true, description = "A tag key; repeat for more.") List<String> keys;

        String method() { return "DELETE"; }
        String path() {
            return "/principals/" + encode(principalArn) + "/tags?" + String.join("&",
                    keys.stream().map(key -> "TagKeys=" + encode(key)).toList());
        }
    }

    @Command(name = "list-principal-tags", description = "List the tags of a user or role.")
    static final class ListPrincipalTags extends Call {
        @Option(names = "--principal-arn", required = true) String principalArn;

        String method() { return "GET"; }
        String path() { return "/principals/" + encode(principalArn) + "/tags"; }
    }

    @Command(name = "create-organization", description = "Create the organisation; the caller's account manages it.")
    static final class CreateOrganization extends Call {
        String method() { return "POST"; }
        String path() { return "/organization"; }
    }

    @Command(name = "describe-organization", description = "Show the organisation, its units, accounts and SCPs.")
    static final class DescribeOrganization extends Call {
        String method() { return "GET"; }
        String path() { return "/organization"; }
    }

    @Command(name = "create-organizational-unit", description = "Create a unit under the root or another unit.")
    static final class CreateUnit extends Call {
        @Option(names = "--parent-id", required = true) String parentId;
        @Option(names = "--name", required = true) String name;

        String method() { return "POST"; }
        String path() { return "/organization/units"; }
        Map<String, String> body() { return members("ParentId", parentId, "Name", name); }
    }

    @Command(name = "move-account", description = "Add an account to the organisation under a parent, or move it.")
    static final class MoveAccount extends Call {
        @Option(names = "--account-id", required = true) String accountId;
        @Option(names = "--parent-id", required = true) String parentId;

        String method() { return "PUT"; }
        String path() { return "/organization/accounts/" + accountId; }
        Map<String, String> body() { return members("ParentId", parentId); }
    }

    @Command(name = "create-policy", description = "Create a service control policy.")
    static final class CreatePolicy extends Call {
        @Option(names = "--name", required = true) String name;
        @Option(names = "--content", required = true, description = "A file holding the policy JSON.")
        Path content;

        String method() { return "POST"; }
        String path() { return "/organization/policies"; }
        Map<String, String> body() { return members("Name", name, "Content", read(spec, content)); }
    }

    @Command(name = "attach-policy", description = "Attach a service control policy to the root, a unit or an account.")
    static final class AttachPolicy extends Call {
        @Option(names = "--policy-id", required = true) String policyId;
        @Parameters(paramLabel = "TARGET_ID", description = "Root (r-...), unit (ou-...) or account ID.")
        String targetId;

        String method() { return "PUT"; }
        String path() { return "/organization/policies/" + policyId + "/targets/" + targetId; }
    }

    @Command(name = "grant-host-path", description = "Let an account back up from (SOURCE), restore into (RESTORE) or"
            + " both (BOTH) the host paths under a directory.")
    static final class GrantHostPath extends Call {
        @Option(names = "--account-id", required = true) String accountId;
        @Option(names = "--path", required = true, description = "An absolute directory.") String path;
        @Option(names = "--use", required = true, description = "SOURCE, RESTORE or BOTH.") String use;

        String method() { return "POST"; }
        String path() { return "/host-paths"; }
        Map<String, String> body() { return members("AccountId", accountId, "Path", path, "Use", use); }
    }

    @Command(name = "list-host-paths", description = "List the host paths granted to accounts, and the home"
            + " account's roots.")
    static final class ListHostPaths extends Call {
        @Option(names = "--account-id", description = "Only this account's grants.") String accountId;

        String method() { return "GET"; }
        String path() { return "/host-paths" + (accountId == null ? "" : "?AccountId=" + encode(accountId)); }
    }

    @Command(name = "revoke-host-path", description = "Take back a grant of grant-host-path.")
    static final class RevokeHostPath extends Call {
        @Option(names = "--account-id", required = true) String accountId;
        @Option(names = "--path", required = true) String path;
        @Option(names = "--use", required = true, description = "SOURCE, RESTORE or BOTH.") String use;

        String method() { return "DELETE"; }
        String path() {
            return "/host-paths?AccountId=" + encode(accountId) + "&Path=" + encode(path) + "&Use=" + encode(use);
        }
    }

    private static String read(CommandSpec spec, Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "Cannot read " + file + ": " + e.getMessage());
        }
    }
}
