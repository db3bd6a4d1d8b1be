package dev.hokan.catalog;

import java.util.Arrays;
import java.util.Optional;

/** Kinds of resource Hokan can protect, with the AWS-style resource type string clients see. */
public enum ResourceType {
    DIRECTORY("Directory", "directory");

    private final String wireName;
    private final String arnKind;

    ResourceType(String wireName, String arnKind) {
        this.wireName = wireName;
        this.arnKind = arnKind;
    }

    /** The type string used on the wire, e.g. {@code Directory}. */
    public String wireName() {
        return wireName;
    }

    /** The resource kind in the resource ARN, e.g. {@code directory} in {@code ...:directory/NAME}. */
    public String arnKind() {
        return arnKind;
    }

    public static Optional<ResourceType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }
}
