package dev.hokan.store.posix;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * File names are bytes on Linux, not text. A name is held as a String decoded from UTF-8, with each byte that is not
 * part of valid UTF-8 kept as the lone surrogate U+DC80..U+DCFF (the scheme of Python's {@code surrogateescape}):
 * valid names read as themselves, every name converts back to its exact bytes, and two names differ exactly when
 * their bytes do.
 *
 * <p>{@code Path.toString()} replaces such bytes with U+FFFD, but a Path listed from a directory keeps the exact
 * bytes, and so do the {@code file:} URIs the JDK makes from Paths and Paths from URIs: those carry names the JDK
 * cannot spell.
 */
public final class FileNames {
    private static final boolean UTF8_PATHS = "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding"));
    private static final char FIRST_ESCAPE = '\uDC80';
    private static final char LAST_ESCAPE = '\uDCFF';

    private FileNames() {
    }

    /** The name of a Path listed from a directory, exactly. */
    public static String name(Path entry) {
        String shown = entry.getFileName().toString();
        if (UTF8_PATHS && shown.indexOf('\uFFFD') < 0) {
            return shown;
        }
        byte[] path = bytes(entry);
        int start = path.length;
        while (start > 0 && path[start - 1] != '/') {
            start--;
        }
        return decode(java.util.Arrays.copyOfRange(path, start, path.length));
    }

    /** {@code directory}'s entry called {@code name}, whatever its bytes. */
    public static Path resolve(Path directory, String name) {
        if (UTF8_PATHS && !hasEscapes(name)) {
            return directory.resolve(name);
        }
        StringBuilder uri = new StringBuilder("file://").append(rawPath(directory)).append('/');
        for (byte b : encode(name)) {
            int c = b & 0xFF;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_')) {
                uri.append((char) c);
            } else {
                uri.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
            }
        }
        return Path.of(URI.create(uri.toString()));
    }

    /** The bytes the kernel knows {@code path} by (made absolute when the JDK cannot spell it). */
    public static byte[] bytes(Path path) {
        String shown = path.toString();
        if (UTF8_PATHS && shown.indexOf('\uFFFD') < 0) {
            return shown.getBytes(StandardCharsets.UTF_8);
        }
        String raw = rawPath(path);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                out.write(Integer.parseInt(raw, i + 1, i + 3, 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    /** The absolute path as a URI's raw (percent-escaped) path, without a trailing slash. */
    private static String rawPath(Path path) {
        String raw = path.toAbsolutePath().toUri().getRawPath();
        return raw.length() > 1 && raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
    }

    /** A name's bytes as its String form. */
    public static String decode(byte[] name) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        ByteBuffer in = ByteBuffer.wrap(name);
        CharBuffer out = CharBuffer.allocate(name.length);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isUnderflow()) {
                decoder.flush(out);
                return out.flip().toString();
            }
            for (int i = 0; i < result.length(); i++) {
                out.put((char) (FIRST_ESCAPE - 0x80 + (in.get() & 0xFF)));
            }
        }
    }

    /** A name's String form back as its bytes. */
    public static byte[] encode(String name) {
        if (!hasEscapes(name)) {
            return name.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(name.length());
        name.codePoints().forEach(c -> {
            if (c >= FIRST_ESCAPE && c <= LAST_ESCAPE) {
                out.write(c & 0xFF);
            } else {
                out.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
            }
        });
        return out.toByteArray();
    }

    private static boolean hasEscapes(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= FIRST_ESCAPE && c <= LAST_ESCAPE) {
                return true;
            }
        }
        return false;
    }
}
