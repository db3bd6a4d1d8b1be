package dev.hokan.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hokan.catalog.cell.plan.ConditionParameter;
import dev.hokan.catalog.cell.plan.SelectionConditions;
import dev.hokan.catalog.cell.plan.SelectionDocument;
import dev.hokan.catalog.cell.plan.TagCondition;
import dev.hokan.engine.Wildcards;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelectionMatcherTest {
    private static final String WEB = "arn:aws:hokan:us-east-1:000000000000:directory/web-1";
    private static final String DB = "arn:aws:hokan:us-east-1:000000000000:directory/db-1";
    private static final Map<String, String> EC2 = Map.of("AWSBackup", "EC2", "env", "prod-eu");
    private static final Map<String, String> NONE = Map.of();

    private static SelectionDocument selection(List<String> resources, List<String> notResources,
                                               List<TagCondition> tags, SelectionConditions conditions) {
        return new SelectionDocument("s", "arn:aws:iam::000000000000:role/backup", resources, notResources, tags, conditions);
    }

    private static TagCondition tag(String key, String value) {
        return new TagCondition("STRINGEQUALS", key, value);
    }

    private static ConditionParameter on(String key, String value) {
        return new ConditionParameter("aws:ResourceTag/" + key, value);
    }

    @ParameterizedTest
    @CsvSource({
        "*, arn:aws:hokan:us-east-1:000000000000:directory/anything, true",
        "arn:aws:hokan:*:*:directory/*, arn:aws:hokan:us-east-1:000000000000:directory/web-1, true",
        "arn:aws:hokan:*:*:directory/web-*, arn:aws:hokan:us-east-1:000000000000:directory/db-1, false",
        "arn:aws:hokan:us-east-?:*:directory/web-1, arn:aws:hokan:us-east-1:000000000000:directory/web-1, true",
        "arn:aws:hokan:*:*:*, arn:aws:hokan:us-east-1:000000000000:directory/a:b/c, true",
        "arn:aws:*:us-east-1:000000000000:directory/web-1, arn:aws:hokan:us-east-1:000000000000:directory/web-1, true",
        "arn:aws:ec2:*:*:volume/*, arn:aws:hokan:us-east-1:000000000000:directory/web-1, false",
        "arn:aws:hokan:*:directory/*, arn:aws:hokan:us-east-1:000000000000:directory/web-1, false",
    })
    void arnPatternsCompareFieldByField(String pattern, String arn, boolean matches) {
        assertThat(Wildcards.matchesArn(pattern, arn)).isEqualTo(matches);
    }

    @ParameterizedTest
    @CsvSource({"prod*, prod-eu, true", "*-eu, prod-eu, true", "p?od-eu, prod-eu, true", "*, '', true",
        "prod, prod-eu, false", "Prod*, prod-eu, false", "*x*, prod-eu, false", "a*b*c, aXbYc, true"})
    void likeWildcards(String pattern, String value, boolean matches) {
        assertThat(Wildcards.matches(pattern, value)).isEqualTo(matches);
    }

    @Test
    void anEmptySelectionTakesEveryOptedInResource() {
        SelectionDocument all = selection(null, null, null, null);
        assertThat(SelectionMatcher.selects(all, WEB, NONE, true)).isTrue();
        assertThat(SelectionMatcher.selects(all, WEB, NONE, false)).isFalse();
    }

    @Test
    void resourcesAndListOfTagsAddUp() {
        SelectionDocument s = selection(List.of(DB), null, List.of(tag("AWSBackup", "EC2")), null);
        assertThat(SelectionMatcher.selects(s, DB, NONE, true)).as("named").isTrue();
        assertThat(SelectionMatcher.selects(s, WEB, EC2, true)).as("tagged").isTrue();
        assertThat(SelectionMatcher.selects(s, WEB, NONE, true)).as("neither").isFalse();
    }

    @Test
    void listOfTagsEntriesAreAlternativesAndValuesAreExact() {
        SelectionDocument s = selection(null, null, List.of(tag("AWSBackup", "EC2"), tag("team", "db")), null);
        assertThat(SelectionMatcher.selects(s, WEB, EC2, true)).isTrue();
        assertThat(SelectionMatcher.selects(s, DB, Map.of("team", "db"), true)).isTrue();
        assertThat(SelectionMatcher.selects(s, DB, Map.of("team", "DB"), true)).as("case sensitive").isFalse();
        assertThat(SelectionMatcher.selects(s, DB, Map.of("AWSBackup", "EC2x"), true)).isFalse();
        SelectionDocument prefixed = selection(null, null, List.of(tag("aws:ResourceTag/AWSBackup", "EC2")), null);
        assertThat(SelectionMatcher.selects(prefixed, WEB, EC2, true)).isTrue();
    }

    @Test
    void notResourcesExcludeWhateverElseSelected() {
        SelectionDocument s = selection(List.of("*"), List.of("arn:aws:hokan:*:*:directory/db-*"), null, null);
        assertThat(SelectionMatcher.selects(s, WEB, NONE, true)).isTrue();
        assertThat(SelectionMatcher.selects(s, DB, NONE, true)).isFalse();
        SelectionDocument tagged = selection(null, List.of(WEB), List.of(tag("AWSBackup", "EC2")), null);
        assertThat(SelectionMatcher.selects(tagged, WEB, EC2, true)).isFalse();
    }

    @Test
    void conditionsMustAllHoldOnTopOfResources() {
        SelectionConditions c = new SelectionConditions(List.of(on("AWSBackup", "EC2")), List.of(on("env", "test")),
                List.of(on("env", "prod*")), List.of(on("env", "*-us")));
        SelectionDocument s = selection(List.of("arn:aws:hokan:*:*:directory/*"), null, null, c);
        assertThat(SelectionMatcher.selects(s, WEB, EC2, true)).isTrue();
        assertThat(SelectionMatcher.selects(s, WEB, Map.of("AWSBackup", "EC2", "env", "prod-us"), true))
                .as("StringNotLike fails").isFalse();
        assertThat(SelectionMatcher.selects(s, WEB, Map.of("AWSBackup", "EC2", "env", "test"), true))
                .as("StringNotEquals and StringLike fail").isFalse();
        assertThat(SelectionMatcher.selects(s, WEB, Map.of("env", "prod-eu"), true))
                .as("StringEquals on a missing tag fails").isFalse();
    }

    @Test
    void negatedConditionsPassWhenTheTagIsMissing() {
        SelectionConditions c = new SelectionConditions(null, List.of(on("skip", "true")), null,
                List.of(on("env", "test*")));
        SelectionDocument s = selection(null, null, null, c);
        assertThat(SelectionMatcher.selects(s, WEB, NONE, true)).isTrue();
        assertThat(SelectionMatcher.selects(s, WEB, Map.of("skip", "true"), true)).isFalse();
        assertThat(SelectionMatcher.selects(s, WEB, Map.of("env", "test-1"), true)).isFalse();
    }

    @Test
    void conditionsAloneFilterEveryResource() {
        SelectionConditions c = new SelectionConditions(List.of(on("AWSBackup", "EC2")), null, null, null);
        SelectionDocument s = selection(null, null, null, c);
        assertThat(SelectionMatcher.selects(s, WEB, EC2, true)).isTrue();
        assertThat(SelectionMatcher.selects(s, DB, NONE, true)).isFalse();
    }

    @Test
    void aTypeThatIsNotOptedInIsTakenOnlyWhenNamed() {
        assertThat(SelectionMatcher.selects(selection(List.of("*"), null, null, null), WEB, NONE, false)).isFalse();
        assertThat(SelectionMatcher.selects(selection(null, null, List.of(tag("AWSBackup", "EC2")), null), WEB, EC2,
                false)).isFalse();
        assertThat(SelectionMatcher.selects(selection(List.of("arn:aws:hokan:*:*:directory/*"), null, null, null),
                WEB, NONE, false)).isTrue();
    }
}
