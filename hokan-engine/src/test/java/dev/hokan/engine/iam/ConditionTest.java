package dev.hokan.engine.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConditionTest {
    private static final ConditionContext NONE = ConditionContext.empty();

    /** Whether a statement with this Condition element (' for ") has its conditions met in {@code context}. */
    private static boolean holds(String condition, ConditionContext context) {
        PolicyDocument document = PolicyDocument.parse(PolicyDocumentTest.json(
                "{'Statement': {'Effect': 'Allow', 'Action': '*', 'Resource': '*', 'Condition': " + condition + "}}"));
        return document.statements().getFirst().conditions().stream().allMatch(c -> c.test(context));
    }

    private static ConditionContext with(String key, String... values) {
        return NONE.with(key, values);
    }

    @Test
    void stringEqualsComparesValuesCaseSensitivelyAndKeysCaseInsensitively() {
        String condition = "{'StringEquals': {'aws:PrincipalOrgID': ['o-first', 'o-second']}}";
        assertThat(holds(condition, with("aws:PrincipalOrgID", "o-second"))).as("any value").isTrue();
        assertThat(holds(condition, with("AWS:principalorgid", "o-first"))).as("key case").isTrue();
        assertThat(holds(condition, with("aws:PrincipalOrgID", "O-FIRST"))).as("value case").isFalse();
        assertThat(holds(condition, with("aws:PrincipalOrgID", "o-third"))).isFalse();
        assertThat(holds(condition, NONE)).as("absent").isFalse();
    }

    @Test
    void negatedOperatorsNeedTheValueToMatchNoneOfThePolicyValuesAndHoldForAnAbsentKey() {
        String condition = "{'StringNotEquals': {'aws:PrincipalAccount': ['111122223333', '444455556666']}}";
        assertThat(holds(condition, with("aws:PrincipalAccount", "999988887777"))).isTrue();
        assertThat(holds(condition, with("aws:PrincipalAccount", "444455556666"))).isFalse();
        assertThat(holds(condition, NONE)).isTrue();
        assertThat(holds("{'StringNotLike': {'k': 'prod-*'}}", NONE)).isTrue();
        assertThat(holds("{'ArnNotEquals': {'k': 'arn:aws:backup:*:*:*'}}", NONE)).isTrue();
        assertThat(holds("{'ArnNotLike': {'k': 'arn:aws:backup:*:*:*'}}", NONE)).isTrue();
        assertThat(holds("{'NumericNotEquals': {'k': 3}}", NONE)).isTrue();
        assertThat(holds("{'StringNotEqualsIgnoreCase': {'k': 'a'}}", NONE)).isTrue();
    }

    @Test
    void ignoreCaseOperatorsIgnoreTheCaseOfValues() {
        assertThat(holds("{'StringEqualsIgnoreCase': {'k': 'Prod'}}", with("k", "PROD"))).isTrue();
        assertThat(holds("{'StringEqualsIgnoreCase': {'k': 'Prod'}}", with("k", "Production"))).isFalse();
        assertThat(holds("{'StringNotEqualsIgnoreCase': {'k': 'Prod'}}", with("k", "pROD"))).isFalse();
        assertThat(holds("{'StringNotEqualsIgnoreCase': {'k': 'Prod'}}", with("k", "dev"))).isTrue();
    }

    @Test
    void stringLikeTakesWildcardsCaseSensitively() {
        String condition = "{'StringLike': {'k': ['prod-*', 'db-?']}}";
        assertThat(holds(condition, with("k", "prod-eu"))).isTrue();
        assertThat(holds(condition, with("k", "db-1"))).isTrue();
        assertThat(holds(condition, with("k", "db-10"))).isFalse();
        assertThat(holds(condition, with("k", "Prod-eu"))).isFalse();
        assertThat(holds("{'StringNotLike': {'k': ['prod-*', 'db-?']}}", with("k", "db-1"))).isFalse();
        assertThat(holds("{'StringNotLike': {'k': ['prod-*', 'db-?']}}", with("k", "dev"))).isTrue();
    }

    @Test
    void arnOperatorsCompareTheSixFieldsEachWithWildcards() {
        String like = "{'ArnLike': {'backup:CopyTargets': 'arn:aws:backup:*:112233445566:backup-vault:cab-*'}}";
        assertThat(holds(like, with("backup:CopyTargets", "arn:aws:backup:eu-west-1:112233445566:backup-vault:cab-1")))
                .isTrue();
        assertThat(holds(like, with("backup:CopyTargets", "arn:aws:backup:eu-west-1:999988887777:backup-vault:cab-1")))
                .as("a wildcard stays in its field").isFalse();
        assertThat(holds(like, with("backup:CopyTargets", "cab-1"))).as("a value with fewer fields").isFalse();
        assertThat(holds("{'ArnLike': {'k': 'arn:aws:backup:*'}}",
                with("k", "arn:aws:backup:eu-west-1:112233445566:backup-vault:cab-1"))).as("a pattern with fewer fields")
                .isFalse();
        assertThat(holds("{'ArnEquals': {'k': 'arn:aws:backup:us-west-1:123456789012:backup-vault:fort-?nox'}}",
                with("k", "arn:aws:backup:us-west-1:123456789012:backup-vault:fort-knox"))).isTrue();
        assertThat(holds("{'ArnNotLike': {'k': 'arn:aws:backup:*:112233445566:*'}}",
                with("k", "arn:aws:backup:us-east-1:112233445566:backup-vault:v"))).isFalse();
        assertThat(holds("{'ArnNotEquals': {'k': 'arn:aws:backup:*:112233445566:*'}}",
                with("k", "arn:aws:backup:us-east-1:999988887777:backup-vault:v"))).isTrue();
    }

    @Test
    void numericOperatorsCompareNumbers() {
        ConditionContext seven = with("backup:MinRetentionDays", "7");
        assertThat(holds("{'NumericEquals': {'backup:MinRetentionDays': '7.0'}}", seven)).isTrue();
        assertThat(holds("{'NumericNotEquals': {'backup:MinRetentionDays': [6, 7]}}", seven)).isFalse();
        assertThat(holds("{'NumericNotEquals': {'backup:MinRetentionDays': [6, 8]}}", seven)).isTrue();
        assertThat(holds("{'NumericLessThan': {'backup:MinRetentionDays': 7}}", seven)).isFalse();
        assertThat(holds("{'NumericLessThanEquals': {'backup:MinRetentionDays': 7}}", seven)).isTrue();
        assertThat(holds("{'NumericGreaterThan': {'backup:MinRetentionDays': 6.5}}", seven)).isTrue();
        assertThat(holds("{'NumericGreaterThanEquals': {'backup:MinRetentionDays': 8}}", seven)).isFalse();
        assertThat(holds("{'NumericGreaterThan': {'backup:MinRetentionDays': 1}}", NONE)).as("absent").isFalse();
        assertThat(holds("{'NumericGreaterThan': {'backup:MinRetentionDays': 1}}",
                with("backup:MinRetentionDays", "many"))).as("not a number").isFalse();
    }

    @Test
    void boolComparesTrueAndFalseWrittenEitherWay() {
        assertThat(holds("{'Bool': {'aws:SecureTransport': true}}", with("aws:SecureTransport", "true"))).isTrue();
        assertThat(holds("{'Bool': {'aws:SecureTransport': 'true'}}", with("aws:SecureTransport", "false"))).isFalse();
        assertThat(holds("{'Bool': {'aws:SecureTransport': 'False'}}", with("aws:SecureTransport", "false"))).isTrue();
        assertThat(holds("{'Bool': {'aws:SecureTransport': false}}", NONE)).isFalse();
    }

    @Test
    void nullTellsWhetherTheKeyIsAbsent() {
        String absent = "{'Null': {'aws:ResourceTag/DestinationBackupVault': 'true'}}";
        assertThat(holds(absent, NONE)).isTrue();
        assertThat(holds(absent, with("aws:ResourceTag/DestinationBackupVault"))).as("no values").isTrue();
        assertThat(holds(absent, with("aws:resourcetag/destinationbackupvault", "yes"))).isFalse();
        String present = "{'Null': {'aws:ResourceTag/DestinationBackupVault': false}}";
        assertThat(holds(present, with("aws:ResourceTag/DestinationBackupVault", "yes"))).isTrue();
        assertThat(holds(present, NONE)).isFalse();
    }

    @Test
    void ifExistsPassesAnAbsentKeyAndTestsAPresentOne() {
        String condition = "{'StringEqualsIfExists': {'aws:RequestTag/env': 'prod'}}";
        assertThat(holds(condition, NONE)).isTrue();
        assertThat(holds(condition, with("aws:RequestTag/env", "prod"))).isTrue();
        assertThat(holds(condition, with("aws:RequestTag/env", "dev"))).isFalse();
        assertThat(holds("{'NumericLessThanIfExists': {'k': 5}}", with("k", "9"))).isFalse();
        assertThat(holds("{'ForAnyValue:StringLikeIfExists': {'k': 'a*'}}", NONE)).isTrue();
    }

    @Test
    void forAnyValueNeedsOneValueToSatisfyTheOperatorAndFailsWithoutValues() {
        String condition = "{'ForAnyValue:StringEquals': {'aws:TagKeys': ['env', 'owner']}}";
        assertThat(holds(condition, with("aws:TagKeys", "cost", "owner"))).isTrue();
        assertThat(holds(condition, with("aws:TagKeys", "cost"))).isFalse();
        assertThat(holds(condition, with("aws:TagKeys"))).as("empty").isFalse();
        assertThat(holds(condition, NONE)).as("absent").isFalse();
        String negated = "{'ForAnyValue:StringNotEquals': {'aws:TagKeys': ['env', 'owner']}}";
        assertThat(holds(negated, with("aws:TagKeys", "env", "cost"))).as("cost is neither").isTrue();
        assertThat(holds(negated, with("aws:TagKeys", "env", "owner"))).isFalse();
        assertThat(holds(negated, NONE)).isFalse();
    }

    @Test
    void forAllValuesNeedsEveryValueToSatisfyTheOperatorAndHoldsWithoutValues() {
        String condition = "{'ForAllValues:StringEquals': {'aws:TagKeys': ['env', 'owner']}}";
        assertThat(holds(condition, with("aws:TagKeys", "env", "owner"))).isTrue();
        assertThat(holds(condition, with("aws:TagKeys", "env", "cost"))).isFalse();
        assertThat(holds(condition, with("aws:TagKeys"))).as("empty").isTrue();
        assertThat(holds(condition, NONE)).as("absent").isTrue();
        String negated = "{'ForAllValues:StringNotLike': {'k': ['a*', 'b*']}}";
        assertThat(holds(negated, with("k", "c1", "d1"))).isTrue();
        assertThat(holds(negated, with("k", "c1", "b1"))).isFalse();
    }

    @Test
    void aSingleValuedOperatorReadsSeveralRequestValuesAsOne() {
        assertThat(holds("{'StringEquals': {'k': 'a'}}", with("k", "b", "a"))).isTrue();
        assertThat(holds("{'StringNotEquals': {'k': 'a'}}", with("k", "b", "a"))).isFalse();
        assertThat(holds("{'StringNotEquals': {'k': 'a'}}", with("k", "b", "c"))).isTrue();
    }

    @Test
    void keysOfOneOperatorAndSeveralOperatorsMustAllHold() {
        String keys = "{'StringEquals': {'a': '1', 'b': '2'}}";
        assertThat(holds(keys, with("a", "1").with("b", "2"))).isTrue();
        assertThat(holds(keys, with("a", "1").with("b", "3"))).isFalse();
        String operators = "{'StringEquals': {'a': '1'}, 'StringLike': {'b': '2*'}}";
        assertThat(holds(operators, with("a", "1").with("b", "20"))).isTrue();
        assertThat(holds(operators, with("a", "0").with("b", "20"))).isFalse();
        assertThat(holds(operators, with("a", "1").with("b", "30"))).isFalse();
    }

    @Test
    void aContextKeyIsReplacedWholeAndLookedUpInAnyCase() {
        ConditionContext first = with("aws:PrincipalOrgPaths", "o-1/r-1/", "o-1/r-1/ou-1/");
        ConditionContext second = first.with("AWS:PRINCIPALORGPATHS", "o-2/r-2/");
        assertThat(second.values("aws:principalorgpaths")).containsExactly("o-2/r-2/");
        assertThat(first.values("aws:PrincipalOrgPaths")).as("unchanged").containsExactly("o-1/r-1/", "o-1/r-1/ou-1/");
        assertThat(second.values("aws:PrincipalOrgID")).isEmpty();
        assertThat(NONE.with("k", List.of("a", "b")).values("K")).containsExactly("a", "b");
    }

    @Test
    void ipAddressMatchesAddressesInsideIpv4AndIpv6Ranges() {
        String condition = "{'IpAddress': {'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32', '198.51.100.7']}}";
        assertThat(holds(condition, with("aws:SourceIp", "203.0.113.200"))).isTrue();
        assertThat(holds(condition, with("aws:SourceIp", "203.0.114.1"))).isFalse();
        assertThat(holds(condition, with("aws:SourceIp", "198.51.100.7"))).as("a range of one").isTrue();
        assertThat(holds(condition, with("aws:SourceIp", "198.51.100.8"))).isFalse();
        assertThat(holds(condition, with("aws:SourceIp", "2001:db8:ffff::1"))).isTrue();
        assertThat(holds(condition, with("aws:SourceIp", "2001:db9::1"))).isFalse();
        assertThat(holds(condition, with("aws:SourceIp", "::ffff:203.0.113.9"))).as("IPv4-mapped").isTrue();
        assertThat(holds(condition, with("aws:SourceIp", "example.com"))).as("no address").isFalse();
        assertThat(holds(condition, NONE)).isFalse();
        assertThat(holds("{'IpAddress': {'aws:SourceIp': '0.0.0.0/0'}}", with("aws:SourceIp", "127.0.0.1"))).isTrue();
        assertThat(holds("{'IpAddress': {'aws:SourceIp': '0.0.0.0/0'}}", with("aws:SourceIp", "::1")))
                .as("families do not mix").isFalse();
    }

    @Test
    void notIpAddressHoldsOutsideEveryRangeAndForAnAbsentKey() {
        String condition = "{'NotIpAddress': {'aws:SourceIp': ['10.0.0.0/8', '::1/128']}}";
        assertThat(holds(condition, with("aws:SourceIp", "192.0.2.1"))).isTrue();
        assertThat(holds(condition, with("aws:SourceIp", "10.20.30.40"))).isFalse();
        assertThat(holds(condition, with("aws:SourceIp", "0:0:0:0:0:0:0:1"))).isFalse();
        assertThat(holds(condition, NONE)).isTrue();
        assertThat(holds("{'NotIpAddressIfExists': {'aws:SourceIp': '10.0.0.0/8'}}", NONE)).isTrue();
    }

    @Test
    void dateOperatorsCompareMomentsWrittenInIsoOrEpochSeconds() {
        ConditionContext noon = with("aws:CurrentTime", "2026-12-03T12:00:00Z");
        assertThat(holds("{'DateEquals': {'aws:CurrentTime': '2026-12-03T13:00:00+01:00'}}", noon)).isTrue();
        assertThat(holds("{'DateEquals': {'aws:CurrentTime': '1796299200'}}", noon)).as("epoch").isTrue();
        assertThat(holds("{'DateNotEquals': {'aws:CurrentTime': '2026-12-03T12:00:01Z'}}", noon)).isTrue();
        assertThat(holds("{'DateNotEquals': {'aws:CurrentTime': '2026-12-03T12:00Z'}}", noon)).isFalse();
        assertThat(holds("{'DateLessThan': {'aws:CurrentTime': '2026-12-04'}}", noon)).isTrue();
        assertThat(holds("{'DateLessThan': {'aws:CurrentTime': '2026-12-03'}}", noon)).as("midnight UTC").isFalse();
        assertThat(holds("{'DateLessThanEquals': {'aws:CurrentTime': '2026-12-03T12:00:00Z'}}", noon)).isTrue();
        assertThat(holds("{'DateGreaterThan': {'aws:CurrentTime': '2026-12-03T12:00:00Z'}}", noon)).isFalse();
        assertThat(holds("{'DateGreaterThanEquals': {'aws:CurrentTime': 1796299200}}", noon)).isTrue();
        assertThat(holds("{'DateGreaterThan': {'aws:EpochTime': '2026-12-03T11:59:59Z'}}",
                with("aws:EpochTime", "1796299200"))).as("epoch seconds in the request").isTrue();
        assertThat(holds("{'DateGreaterThan': {'aws:CurrentTime': '2026-01-01'}}", with("aws:CurrentTime", "soon")))
                .as("no date").isFalse();
        assertThat(holds("{'DateLessThan': {'aws:CurrentTime': '2026-01-01'}}", NONE)).isFalse();
        assertThat(holds("{'DateLessThanIfExists': {'aws:CurrentTime': '2026-01-01'}}", NONE)).isTrue();
        assertThat(holds("{'ForAnyValue:DateEquals': {'k': '2026-12-03'}}", with("k", "2020-01-01", "2026-12-03")))
                .isTrue();
    }

    @Test
    void binaryEqualsComparesTheDecodedBytes() {
        assertThat(holds("{'BinaryEquals': {'k': 'aG9rYW4='}}", with("k", "aG9rYW4="))).isTrue();
        assertThat(holds("{'BinaryEquals': {'k': 'aG9rYW4='}}", with("k", "c2l0ZQ=="))).isFalse();
        assertThat(holds("{'BinaryEquals': {'k': 'aG9rYW4='}}", with("k", "hokan"))).as("not base64").isFalse();
        assertThat(holds("{'BinaryEqualsIfExists': {'k': 'aG9rYW4='}}", NONE)).isTrue();
    }

    @Test
    void resourceTagsAreReadOnceAndOnlyWhenAConditionAsks() {
        AtomicInteger reads = new AtomicInteger();
        ConditionContext context = NONE.with("k", "v").withResourceTags(() -> {
            reads.incrementAndGet();
            return Map.of("env", "prod");
        }).with("other", "x");
        assertThat(holds("{'StringEquals': {'k': 'v'}}", context)).isTrue();
        assertThat(reads).as("not asked").hasValue(0);
        assertThat(holds("{'StringEquals': {'aws:ResourceTag/Env': 'prod'}}", context)).isTrue();
        assertThat(holds("{'Null': {'aws:ResourceTag/owner': 'true'}}", context)).isTrue();
        assertThat(holds("{'StringEqualsIfExists': {'aws:ResourceTag/env': 'dev'}}", context)).isFalse();
        assertThat(reads).as("read once").hasValue(1);
    }
}
