package dev.hokan.store.posix;

import java.util.Arrays;

/** One extended attribute of a file: {@code user.*}, {@code security.*}, or a POSIX ACL ({@code system.posix_acl_*}). */
public record ExtendedAttribute(String name, byte[] value) {
    public ExtendedAttribute {
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ExtendedAttribute that && name.equals(that.name) && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return name + " (" + value.length + " bytes)";
    }
}
