package dev.hokan.catalog.cell.vault;

/** Whether a continuous backup still streams (ACTIVE) or its resource's protection ended (STOPPED). */
public enum ContinuousStatus {
    ACTIVE, STOPPED
}
