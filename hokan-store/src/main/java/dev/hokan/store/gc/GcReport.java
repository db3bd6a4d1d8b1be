package dev.hokan.store.gc;

/**
 * What a garbage collection did: packs deleted and their bytes, packs repacked, packs condemned but
 * left for a later run because backups that started before the decision are still running.
 */
public record GcReport(long packsDeleted, long bytesFreed, long packsRepacked, long packsPending, long temporariesRemoved) {
}
