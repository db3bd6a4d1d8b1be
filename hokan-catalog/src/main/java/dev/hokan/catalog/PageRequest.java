package dev.hokan.catalog;

/** Up to {@code limit} items following {@code after} (null: from the start). */
public record PageRequest(int limit, Cursor after) {
    public PageRequest {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
    }
}
