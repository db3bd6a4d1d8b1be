package dev.hokan.api;

import dev.hokan.catalog.Page;
import java.util.function.Function;

/** Renders a page of items with its NextToken (present only when more items follow). */
final class Paging {
    private Paging() {
    }

    static <T> JsonOut render(Page<T> page, String listName, Function<T, JsonOut> render) {
        return JsonOut.object()
                .putList(listName, page.items().stream().map(render).toList())
                .put("NextToken", page.next() == null ? null : page.next().toToken());
    }
}
