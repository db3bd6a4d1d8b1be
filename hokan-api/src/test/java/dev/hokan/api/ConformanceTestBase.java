package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A group of operations whose answers are checked member by member against botocore's model of AWS Backup
 * ({@link ApiModel}), so that a member Hokan leaves out shows up as a failing test. The answers are read raw, as
 * the wire carries them: an SDK would hide a member of the wrong type.
 */
abstract class ConformanceTestBase extends ServerTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Members that may be absent from the answer of any operation here. */
    private static final Map<String, String> ANYWHERE = Map.of(
            "Lifecycle.OptInToArchiveForSupportedResources", "echoed only when the caller sets it",
            "Lifecycle.DeleteAfterEvent", "Hokan's lifecycles count days only");
    static ApiModel model;

    @BeforeAll
    static void loadModel() throws Exception {
        model = ApiModel.installed();
        assumeTrue(model != null, "botocore is not installed");
    }

    /** The answer to a signed GET of {@code path}, after checking it against {@code operation}'s output shape. */
    static JsonNode assertConforms(String operation, String path, Map<String, String> mayBeAbsent) {
        HttpResponse<String> r = hokan.signed("GET", path, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(r.body());
        Map<String, String> absent = new HashMap<>(ANYWHERE);
        absent.putAll(mayBeAbsent);
        absent.put(operation + "Output.NextToken", "the last page");
        assertThat(model.problems(operation, answer, absent)).as(operation + " answered " + r.body()).isEmpty();
        return answer;
    }

    static String encoded(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8);
    }
}
