package dev.hokan.engine.iam;

import dev.hokan.engine.Wildcards;
import java.util.List;
import java.util.Locale;

/** A statement's Action or (negated) NotAction patterns; actions compare case-insensitively, with wildcards. */
public record Actions(boolean negated, List<String> patterns) {

    public Actions {
        patterns = List.copyOf(patterns);
    }

    boolean match(String action) {
        String lower = action.toLowerCase(Locale.ROOT);
        return negated != patterns.stream().anyMatch(p -> Wildcards.matches(p.toLowerCase(Locale.ROOT), lower));
    }
}
