package dev.hokan.engine.iam;

import dev.hokan.engine.Wildcards;
import java.util.List;

/**
 * A statement's Resource or (negated) NotResource patterns. A pattern's wildcards may span the ARN's colons, unlike
 * ArnLike: AWS's own examples write {@code arn:aws:ec2:*:snapshot/*} for snapshots of every region and account.
 */
public record Resources(boolean negated, List<String> patterns) {

    public Resources {
        patterns = List.copyOf(patterns);
    }

    boolean match(String resourceArn) {
        return negated != patterns.stream().anyMatch(p -> Wildcards.matches(p, resourceArn));
    }
}
