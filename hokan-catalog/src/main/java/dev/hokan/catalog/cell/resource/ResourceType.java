package dev.hokan.catalog.cell.resource;

import java.util.Arrays;
import java.util.Optional;

/** Kinds of resource Hokan can protect, with the AWS-style resource type string clients see. */
public enum ResourceType {
    DIRECTORY("Directory", "directory", true);

    private final String wireName;
    private final String arnKind;
    private final boolean keepsPartialBackups;

    ResourceType(String wireName, String arnKind, boolean keepsPartialBackups) {
        this.wireName = wireName;
        this.arnKind = arnKind;
        this.keepsPartialBackups = keepsPartialBackups;
    }

    /** The type string used on the wire, e.g. {@code Directory}. */
    public String wireName() {
        return wireName;
    }

    /** The resource kind in the resource ARN, e.g. {@code directory} in {@code ...:directory/NAME}. */
    public String arnKind() {
        return arnKind;
    }

    /**
     * Whether a backup stopped before it finished (its completion window ended) keeps what is complete as a
     * PARTIAL recovery point; otherwise it is aborted and keeps nothing.
     */
    public boolean keepsPartialBackups() {
        return keepsPartialBackups;
    }

    public static Optional<ResourceType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }
}
