/**
 * Vault storage: chunks, packs, keys, trees and snapshots in a blob store. Exported: the vault and what its
 * operations take and give (backup, restore, copy, garbage collection, verification), the storage backends,
 * the master key, and the tree nodes and POSIX metadata that sources and sinks exchange. Chunking, the
 * index, packs, snapshots' encoding and {@code parts} (what the operations share of an open vault) stay
 * inside: the operations' public entry points that take {@code VaultParts} can only be called from here.
 */
module dev.hokan.store {
    requires com.github.luben.zstd_jni;
    requires jdk.unsupported;

    exports dev.hokan.store;
    exports dev.hokan.store.backup;
    exports dev.hokan.store.blob;
    exports dev.hokan.store.copy;
    exports dev.hokan.store.crypto;
    exports dev.hokan.store.gc;
    exports dev.hokan.store.posix;
    exports dev.hokan.store.restore;
    exports dev.hokan.store.tree;
    exports dev.hokan.store.verify;
}
