package dev.hokan.engine.copy;

/**
 * The copy a {@link CopyTarget} recorded, and how many bytes of data it had to transfer: 0 when an earlier run of the
 * job had already recorded it.
 */
public record CopyReceipt(String recoveryPointArn, long bytesTransferred) {
}
