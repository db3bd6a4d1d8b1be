package dev.hokan.engine.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hokan.engine.ServiceException;
import dev.hokan.engine.notification.FilterPolicy.Scope;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The filter policy matching SNS documents, attribute by attribute and on message bodies. */
class FilterPolicyTest {
    private static final Map<String, MessageAttribute> FAILED_DIRECTORY = Map.of(
            "State", MessageAttribute.string("FAILED"),
            "ResourceType", MessageAttribute.string("Directory"),
            "Size", new MessageAttribute("Number", "250"),
            "Tags", new MessageAttribute("String.Array", "[\"prod\", \"db\"]"));

    private static boolean matches(String policy, Map<String, MessageAttribute> attributes) {
        return FilterPolicy.parse(policy, Scope.MESSAGE_ATTRIBUTES).matches(attributes, "");
    }

    @Test
    void exactValuesPrefixesSuffixesAndCaseMatchStringAttributes() {
        assertThat(matches("{\"State\":[\"FAILED\",\"ABORTED\"]}", FAILED_DIRECTORY)).isTrue();
        assertThat(matches("{\"State\":[\"COMPLETED\"]}", FAILED_DIRECTORY)).isFalse();
        assertThat(matches("{\"ResourceType\":[{\"prefix\":\"Dir\"}]}", FAILED_DIRECTORY)).isTrue();
        assertThat(matches("{\"ResourceType\":[{\"suffix\":\"tory\"}]}", FAILED_DIRECTORY)).isTrue();
        assertThat(matches("{\"State\":[{\"equals-ignore-case\":\"failed\"}]}", FAILED_DIRECTORY)).isTrue();
        assertThat(matches("{\"State\":[\"FAILED\"],\"ResourceType\":[\"S3\"]}", FAILED_DIRECTORY))
                .as("every key must match").isFalse();
    }

    @Test
    void anythingButExcludesValuesAndPrefixesButNeedsTheAttribute() {
        assertThat(matches("{\"State\":[{\"anything-but\":[\"COMPLETED\",\"RUNNING\"]}]}", FAILED_DIRECTORY)).isTrue();
        assertThat(matches("{\"State\":[{\"anything-but\":\"FAILED\"}]}", FAILED_DIRECTORY)).isFalse();
        assertThat(matches("{\"State\":[{\"anything-but\":{\"prefix\":\"FAIL\"}}]}", FAILED_DIRECTORY)).isFalse();
        assertThat(matches("{\"Missing\":[{\"anything-but\":\"x\"}]}", FAILED_DIRECTORY)).isFalse();
    }

    @Test
    void numericComparisonsAndRangesMatchNumberAttributesOnly() {
        assertThat(matches("{\"Size\":[{\"numeric\":[\">\",100,\"<=\",250]}]}", FAILED_DIRECTORY)).isTrue();
        assertThat(matches("{\"Size\":[{\"numeric\":[\"<\",250]}]}", FAILED_DIRECTORY)).isFalse();
        assertThat(matches("{\"Size\":[250]}", FAILED_DIRECTORY)).isTrue();
        assertThat(matches("{\"State\":[{\"numeric\":[\">\",0]}]}", FAILED_DIRECTORY)).isFalse();
    }

    @Test
    void existsAndStringArraysAndOr() {
        assertThat(matches("{\"Tenant\":[{\"exists\":false}]}", FAILED_DIRECTORY)).isTrue();
        assertThat(matches("{\"State\":[{\"exists\":true}]}", FAILED_DIRECTORY)).isTrue();
        assertThat(matches("{\"State\":[{\"exists\":false}]}", FAILED_DIRECTORY)).isFalse();
        assertThat(matches("{\"Tags\":[\"db\"]}", FAILED_DIRECTORY)).isTrue();
        assertThat(matches("{\"Tags\":[\"web\"]}", FAILED_DIRECTORY)).isFalse();
        assertThat(matches("{\"$or\":[{\"State\":[\"COMPLETED\"]},{\"Size\":[{\"numeric\":[\">=\",200]}]}]}",
                FAILED_DIRECTORY)).isTrue();
    }

    @Test
    void aBodyPolicyFollowsTheMessagesNesting() {
        FilterPolicy policy = FilterPolicy.parse("{\"detail\":{\"state\":[\"FAILED\"],\"size\":[{\"numeric\":"
                + "[\">\",1]}]}}", Scope.MESSAGE_BODY);
        assertThat(policy.matches(Map.of(), "{\"detail\":{\"state\":\"FAILED\",\"size\":5}}")).isTrue();
        assertThat(policy.matches(Map.of(), "{\"detail\":{\"state\":\"COMPLETED\",\"size\":5}}")).isFalse();
        assertThat(policy.matches(Map.of(), "{\"detail\":{\"state\":[\"X\",\"FAILED\"],\"size\":5}}")).isTrue();
        assertThat(policy.matches(Map.of(), "not json")).isFalse();
    }

    @Test
    void aMalformedPolicyIsRefusedSayingWhy() {
        for (String bad : new String[]{"[]", "{}", "{\"a\":\"b\"}", "{\"a\":[]}", "{\"a\":[{\"numeric\":[\"~\",1]}]}",
                "{\"a\":[{\"exists\":\"yes\"}]}", "{\"a\":[{\"wildcard\":\"*\"}]}", "not json"}) {
            assertThatThrownBy(() -> FilterPolicy.parse(bad, Scope.MESSAGE_ATTRIBUTES)).as(bad)
                    .isInstanceOf(ServiceException.class).hasMessageStartingWith("Invalid parameter: FilterPolicy: ");
        }
        assertThatThrownBy(() -> FilterPolicy.parse("{\"a\":{\"b\":[\"c\"]}}", Scope.MESSAGE_ATTRIBUTES))
                .as("nesting is for bodies").isInstanceOf(ServiceException.class);
    }

    @Test
    void retriesBackOffByDoublingUpToTenMinutes() {
        assertThat(DeliveryService.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(DeliveryService.backoff(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(DeliveryService.backoff(30)).isEqualTo(Duration.ofMinutes(10));
    }
}
