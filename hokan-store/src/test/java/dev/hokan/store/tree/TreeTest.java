package dev.hokan.store.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.ChunkId;
import dev.hokan.store.io.Encoder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The inconsistency flag travels in a node's type byte, so trees written before it decode as consistent. */
class TreeTest {
    private static final ChunkId CHUNK = new ChunkId(1, 2, 3, 4);

    private static Node file(boolean inconsistent) {
        return Node.builder()
                .name("busy.log")
                .type(NodeType.FILE)
                .mode(0640)
                .uid(1000)
                .gid(1000)
                .mtimeNanos(5_000_000_000L)
                .ctimeNanos(6_000_000_000L)
                .inode(42)
                .device(7)
                .links(1)
                .size(10)
                .content(List.of(CHUNK))
                .inconsistent(inconsistent)
                .build();
    }

    @Test
    void aTreeWrittenBeforeTheFlagExistedDecodesAsConsistent() throws Exception {
        byte[] earlierFormat = new Encoder().u8(1).varlong(1).string("busy.log").u8(NodeType.FILE.ordinal())
                .varlong(0640).varlong(1000).varlong(1000).signed(5_000_000_000L).signed(6_000_000_000L)
                .varlong(42).varlong(7).varlong(1).varlong(10).varlong(1).chunkId(CHUNK).toBytes();
        Tree decoded = Tree.decode(earlierFormat, "earlier tree");
        assertEquals(List.of(file(false)), decoded.nodes());
    }

    @Test
    void theFlagSurvivesEncodingAndKeepsTheNextBackupFromReusingTheContent() throws Exception {
        Node flagged = Tree.decode(new Tree(List.of(file(true))).encode(), "tree").nodes().getFirst();
        assertTrue(flagged.inconsistent());
        assertEquals(NodeType.FILE, flagged.type());
        assertEquals(List.of(CHUNK), flagged.content());
        assertFalse(flagged.sameFileAs(file(false)), "a file kept inconsistent is read again");
        assertTrue(file(false).sameFileAs(file(false)));
    }
}
