package dev.hokan.store.tree;

public enum NodeType {
    FILE, DIRECTORY, SYMLINK;

    static NodeType of(int code) throws java.io.IOException {
        NodeType[] all = values();
        if (code < 0 || code >= all.length) {
            throw new java.io.IOException("unknown node type " + code);
        }
        return all[code];
    }
}
