package dev.hokan.engine.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyDocumentTest {
    private static final String ALLOW = "{'Effect': 'Allow', 'Action': 'backup:*', 'Resource': '*'}";

    /** Policies in these tests write ' for " to stay readable. */
    static String json(String quoted) {
        return quoted.replace('\'', '"');
    }

    @Test
    void keepsTheTextAsGivenAndReadsEveryElement() {
        String text = """
                {
                  "Version" : "2012-10-17",
                  "Id": "vault-policy",
                  "Statement": [
                    {"Sid": "OnlyOrg", "Effect": "Deny", "NotPrincipal": {"AWS": ["111122223333",
                        "arn:aws:iam::444455556666:root", "arn:aws:iam::444455556666:role/path/Copier"],
                        "Service": "backup.amazonaws.com"},
                     "NotAction": ["backup:Describe*", "backup:List*"], "NotResource": "arn:aws:backup:*",
                     "Condition": {"ForAllValues:StringLikeIfExists": {"aws:PrincipalOrgPaths": "o-1/*"},
                                   "Bool": {"aws:SecureTransport": false},
                                   "NumericLessThan": {"backup:MinRetentionDays": [7, "1.5"]}}},
                    {"Effect": "Allow", "Principal": "*", "Action": "backup:CopyIntoBackupVault", "Resource": "*"}
                  ]
                }
                """;

        PolicyDocument document = PolicyDocument.parse(text);

        assertThat(document.json()).isEqualTo(text);
        assertThat(document.version()).contains("2012-10-17");
        assertThat(document.id()).contains("vault-policy");
        Statement deny = document.statements().getFirst();
        assertThat(deny.label()).isEqualTo("statement \"OnlyOrg\"");
        assertThat(deny.effect()).isEqualTo(Effect.DENY);
        assertThat(deny.principals()).contains(new Principals(true, false,
                Set.of("111122223333", "444455556666"),
                Set.of("arn:aws:iam::444455556666:role/path/Copier", "backup.amazonaws.com")));
        assertThat(deny.actions()).isEqualTo(new Actions(true, List.of("backup:Describe*", "backup:List*")));
        assertThat(deny.resources()).isEqualTo(new Resources(true, List.of("arn:aws:backup:*")));
        assertThat(deny.conditions()).containsExactly(
                new Condition(SetQualifier.FOR_ALL_VALUES, ConditionOperator.STRING_LIKE, true,
                        "aws:PrincipalOrgPaths", List.of("o-1/*")),
                new Condition(SetQualifier.NONE, ConditionOperator.BOOL, false, "aws:SecureTransport",
                        List.of("false")),
                new Condition(SetQualifier.NONE, ConditionOperator.NUMERIC_LESS_THAN, false,
                        "backup:MinRetentionDays", List.of("7", "1.5")));
        Statement allow = document.statements().get(1);
        assertThat(allow.label()).isEqualTo("Statement[1]");
        assertThat(allow.principals()).contains(new Principals(false, true, Set.of(), Set.of()));
        assertThat(allow.conditions()).isEmpty();
    }

    @Test
    void acceptsASingleStatementObjectTheOlderVersionAndNoVersion() {
        PolicyDocument single = PolicyDocument.parse(json("{'Version': '2008-10-17', 'Statement': " + ALLOW + "}"));
        assertThat(single.statements()).singleElement()
                .satisfies(s -> assertThat(s.label()).isEqualTo("Statement"))
                .satisfies(s -> assertThat(s.principals()).isEmpty());
        PolicyDocument unversioned = PolicyDocument.parse(json("{'Statement': [" + ALLOW + ", " + ALLOW + "]}"));
        assertThat(unversioned.version()).isEqualTo(Optional.empty());
        assertThat(unversioned.statements()).hasSize(2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            not json | Policy is not valid JSON: unexpected input at line 1, column 1, near 'not json'
            ['Statement'] | Policy must be a JSON object
            {'Version': '2012-10-17'} | Policy must have a Statement
            {'Version': '2012-10-18', 'Statement': []} | Version must be "2012-10-17" or "2008-10-17"
            {'Id': 7, 'Statement': []} | Id must be a string
            {'Statement': []} | Statement must be an object or a non-empty array of objects
            {'Statement': 'Allow'} | Statement must be an object or a non-empty array of objects
            {'Statement': ['Allow']} | Statement[0] must be an object
            {'Statement': [], 'Comment': 'x'} | Policy has unknown member "Comment"
            {'Statement': {'Sid': 1, 'Effect': 'Allow', 'Action': '*', 'Resource': '*'}} | Statement.Sid must be a string
            {'Statement': {'Effect': 'allow', 'Action': '*', 'Resource': '*'}} | Statement.Effect must be "Allow" or "Deny"
            {'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*'}, {'Action': '*', 'Resource': '*'}]} | Statement[1].Effect must be "Allow" or "Deny"
            {'Statement': [{'Effect': 'Allow', 'Actions': '*', 'Resource': '*'}]} | Statement[0] has unknown member "Actions"
            {'Statement': [{'Effect': 'Allow', 'Action': '*', 'NotAction': 'backup:List*', 'Resource': '*'}]} | Statement[0] cannot have both Action and NotAction
            {'Statement': [{'Effect': 'Allow', 'Resource': '*'}]} | Statement[0] must have Action or NotAction
            {'Statement': [{'Effect': 'Allow', 'Action': '*'}]} | Statement[0] must have Resource or NotResource
            {'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*', 'NotResource': '*'}]} | Statement[0] cannot have both Resource and NotResource
            {'Statement': [{'Effect': 'Allow', 'Principal': '*', 'NotPrincipal': '*', 'Action': '*', 'Resource': '*'}]} | Statement[0] cannot have both Principal and NotPrincipal
            {'Statement': [{'Effect': 'Allow', 'Action': [], 'Resource': '*'}]} | Statement[0].Action must be a string or a non-empty array of strings
            {'Statement': [{'Effect': 'Allow', 'Action': ['backup:*', 3], 'Resource': '*'}]} | Statement[0].Action must be a string or a non-empty array of strings
            {'Statement': [{'Effect': 'Allow', 'Action': 'DeleteRecoveryPoint', 'Resource': '*'}]} | Statement[0].Action "DeleteRecoveryPoint" must be "*" or a service prefix and an action name, e.g. "backup:StartCopyJob"
            {'Statement': [{'Effect': 'Allow', 'NotAction': '*:Delete*', 'Resource': '*'}]} | Statement[0].NotAction "*:Delete*" must be "*" or a service prefix and an action name, e.g. "backup:StartCopyJob"
            {'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': 'vault-1'}]} | Statement[0].Resource "vault-1" must be "*" or an ARN
            {'Statement': [{'Effect': 'Allow', 'Principal': 'arn:aws:iam::111122223333:root', 'Action': '*', 'Resource': '*'}]} | Statement[0].Principal must be "*" or an object of AWS, Service or Federated principals
            {'Statement': [{'Effect': 'Allow', 'Principal': {}, 'Action': '*', 'Resource': '*'}]} | Statement[0].Principal must be "*" or an object of AWS, Service or Federated principals
            {'Statement': [{'Effect': 'Allow', 'Principal': {'CanonicalUser': 'abc'}, 'Action': '*', 'Resource': '*'}]} | Statement[0].Principal has unknown member "CanonicalUser"
            {'Statement': [{'Effect': 'Allow', 'Principal': {'AWS': 'arn:aws:iam::*:root'}, 'Action': '*', 'Resource': '*'}]} | Statement[0].Principal.AWS "arn:aws:iam::*:root" must be "*", an account ID or the ARN of an account root, IAM user or role, without wildcards
            {'Statement': [{'Effect': 'Allow', 'NotPrincipal': {'AWS': ['111122223333', 'arn:aws:iam::111122223333:role/*']}, 'Action': '*', 'Resource': '*'}]} | Statement[0].NotPrincipal.AWS "arn:aws:iam::111122223333:role/*" must be "*", an account ID or the ARN of an account root, IAM user or role, without wildcards
            {'Statement': [{'Effect': 'Allow', 'Principal': {'AWS': '1111'}, 'Action': '*', 'Resource': '*'}]} | Statement[0].Principal.AWS "1111" must be "*", an account ID or the ARN of an account root, IAM user or role, without wildcards
            {'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*', 'Condition': ['StringEquals']}]} | Statement[0].Condition must be an object of condition operators
            {'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*', 'Condition': {'StringEqual': {'k': 'v'}}}]} | Statement[0].Condition.StringEqual is not a supported condition operator
            {'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*', 'Condition': {'ForSomeValues:StringLike': {'k': 'v'}}}]} | Statement[0].Condition.ForSomeValues:StringLike is not a supported condition operator
            {'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*', 'Condition': {'NullIfExists': {'k': 'true'}}}]} | Statement[0].Condition.NullIfExists: Null takes no set qualifier and no IfExists
            {'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*', 'Condition': {'ForAnyValue:Null': {'k': 'true'}}}]} | Statement[0].Condition.ForAnyValue:Null: Null takes no set qualifier and no IfExists
            {'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*', 'Condition': {'StringEquals': 'k'}}]} | Statement[0].Condition.StringEquals must be an object of condition keys
            {'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*', 'Condition': {'StringEquals': {'k': []}}}]} | Statement[0].Condition.StringEquals.k must have at least one value
            {'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*', 'Condition': {'StringEquals': {'k': {'v': 1}}}}]} | Statement[0].Condition.StringEquals.k values must be strings, booleans or numbers
            {'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*', 'Condition': {'StringEquals': {'': 'v'}}}]} | Statement[0].Condition.StringEquals has an empty condition key
            {'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*', 'Condition': {'NumericLessThan': {'k': ['7', 'ten']}}}]} | Statement[0].Condition.NumericLessThan.k value "ten" must be a number
            {'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*', 'Condition': {'Bool': {'k': 'yes'}}}]} | Statement[0].Condition.Bool.k value "yes" must be true or false
            {'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*', 'Condition': {'Null': {'k': 1}}}]} | Statement[0].Condition.Null.k value "1" must be true or false
            {'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*', 'Condition': {'IpAddress': {'aws:SourceIp': '10.0.0.0/33'}}}]} | Statement[0].Condition.IpAddress.aws:SourceIp value "10.0.0.0/33" must be an IPv4 or IPv6 address or CIDR range
            {'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*', 'Condition': {'NotIpAddress': {'aws:SourceIp': 'localhost'}}}]} | Statement[0].Condition.NotIpAddress.aws:SourceIp value "localhost" must be an IPv4 or IPv6 address or CIDR range
            {'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*', 'Condition': {'IpAddress': {'aws:SourceIp': '10.1/16'}}}]} | Statement[0].Condition.IpAddress.aws:SourceIp value "10.1/16" must be an IPv4 or IPv6 address or CIDR range
            {'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*', 'Condition': {'DateLessThan': {'aws:CurrentTime': 'tomorrow'}}}]} | Statement[0].Condition.DateLessThan.aws:CurrentTime value "tomorrow" must be a date in ISO 8601
            {'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*', 'Condition': {'DateEquals': {'aws:CurrentTime': '2026-13-01'}}}]} | Statement[0].Condition.DateEquals.aws:CurrentTime value "2026-13-01" must be a date in ISO 8601
            {'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*', 'Condition': {'BinaryEquals': {'k': 'not base64!'}}}]} | Statement[0].Condition.BinaryEquals.k value "not base64!" must be base64
            """)
    void refusesWhatBreaksTheGrammarSayingWhere(String policy, String message) {
        assertThatThrownBy(() -> PolicyDocument.parse(json(policy)))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void refusesDuplicateMembersAndTrailingText() {
        assertThatThrownBy(() -> PolicyDocument.parse(json("{'Statement': " + ALLOW + ", 'Statement': []}")))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessageContaining("Policy is not valid JSON").hasMessageContaining("Statement");
        assertThatThrownBy(() -> PolicyDocument.parse(json("{'Statement': " + ALLOW + "} {}")))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessageStartingWith("Policy is not valid JSON");
    }
}
