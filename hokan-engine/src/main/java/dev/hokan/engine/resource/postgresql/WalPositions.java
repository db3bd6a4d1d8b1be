package dev.hokan.engine.resource.postgresql;

import java.util.Locale;

/** Positions in PostgreSQL's write-ahead log (LSNs) and the names of the segment files that hold them. */
final class WalPositions {
    private WalPositions() {
    }

    /** The start of the segment holding {@code lsn}. */
    static long segmentStart(long lsn, long segmentSize) {
        return lsn - Long.remainderUnsigned(lsn, segmentSize);
    }

    /** The segment file's name, e.g. 000000010000000000000003, as PostgreSQL names it in pg_wal. */
    static String segmentName(int timeline, long segmentStart, long segmentSize) {
        long segmentsPerId = 0x1_0000_0000L / segmentSize;
        long number = segmentStart / segmentSize;
        return String.format(Locale.ROOT, "%08X%08X%08X", timeline, number / segmentsPerId, number % segmentsPerId);
    }

    /** The LSN as PostgreSQL writes it, e.g. 0/3000028. */
    static String text(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase(Locale.ROOT) + "/"
                + Long.toHexString(lsn & 0xFFFF_FFFFL).toUpperCase(Locale.ROOT);
    }

    static long parse(String text) {
        int slash = text.indexOf('/');
        return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
    }
}
