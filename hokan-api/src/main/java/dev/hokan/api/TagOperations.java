package dev.hokan.api;

import dev.hokan.catalog.Page;
import dev.hokan.engine.Engine;
import java.util.Map;
import java.util.TreeMap;

/** TagResource, UntagResource, ListTags. */
final class TagOperations {
    private final Engine engine;

    TagOperations(Engine engine) {
        this.engine = engine;
    }

    void register(Map<String, Operation> ops) {
        ops.put("TagResource", call -> {
            engine.tags().tag(call.label("resourceArn"), call.body().stringMap("Tags"));
            return null;
        });
        ops.put("UntagResource", call -> {
            engine.tags().untag(call.label("resourceArn"), call.body().stringList("TagKeyList"));
            return null;
        });
        ops.put("ListTags", this::list);
    }

    private JsonOut list(ApiCall call) {
        var page = call.query().page();
        Map<String, String> tags = engine.tags().list(call.label("resourceArn"));
        var slice = Page.slice(tags.entrySet().stream().toList(), page, Map.Entry::getKey);
        Map<String, String> out = new TreeMap<>();
        slice.items().forEach(e -> out.put(e.getKey(), e.getValue()));
        return JsonOut.object().putStrings("Tags", out)
                .put("NextToken", slice.next() == null ? null : slice.next().toToken());
    }
}
