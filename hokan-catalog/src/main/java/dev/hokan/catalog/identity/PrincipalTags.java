package dev.hokan.catalog.identity;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** Tags of IAM users and roles, in the directory, keyed by the principal's ARN. */
public final class PrincipalTags {
    private final IdentityTx tx;

    PrincipalTags(IdentityTx tx) {
        this.tx = tx;
    }

    public Map<String, String> of(String principalArn) {
        Map<String, String> tags = new TreeMap<>();
        tx.sql().list("SELECT tag_key, tag_value FROM principal_tags WHERE principal_arn = ?",
                r -> tags.put(r.string("tag_key"), r.string("tag_value")), principalArn);
        return tags;
    }

    /** Every principal's tags, for those that have any. */
    public Map<String, Map<String, String>> all() {
        Map<String, Map<String, String>> tags = new HashMap<>();
        tx.sql().list("SELECT * FROM principal_tags", r -> tags.computeIfAbsent(r.string("principal_arn"),
                arn -> new TreeMap<>()).put(r.string("tag_key"), r.string("tag_value")));
        return tags;
    }

    /** Makes {@code tags} the principal's tags, replacing those it had. */
    public void replace(String principalArn, Map<String, String> tags) {
        tx.sql().update("DELETE FROM principal_tags WHERE principal_arn = ?", principalArn);
        tags.forEach((k, v) -> tx.sql().update("INSERT INTO principal_tags (principal_arn, tag_key, tag_value)"
                + " VALUES (?, ?, ?)", principalArn, k, v));
    }
}
