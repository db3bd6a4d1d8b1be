package dev.hokan.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Says what is wrong with text that is not JSON (a request body, a policy or plan document, a file) in the
 * writer's terms: where, and what stands there, never the parser's own vocabulary.
 */
public final class JsonSyntax {
    private static final int BYTES_BEFORE = 24;
    private static final int BYTES_AFTER = 8;

    private JsonSyntax() {
    }

    public static String problem(byte[] json, JacksonException e) {
        TokenStreamLocation at = e.getLocation();
        long offset = at == null ? -1 : at.getByteOffset();
        if (e instanceof UnexpectedEndOfInputException || offset >= json.length) {
            return "it ends before the JSON value is complete";
        }
        if (offset < 0) {
            return "it is malformed";
        }
        String where = " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        int b = json[(int) offset] & 0xff;
        if (b < 0x20) {
            String code = String.format("%04X", b);
            return "the control character U+" + code + where + " must be escaped in a JSON string (as \\u" + code + ")";
        }
        if (e instanceof MismatchedInputException) {
            return "more follows the JSON value" + where;
        }
        if (e.getOriginalMessage().startsWith("Duplicate")) {
            return "an object has the same member twice" + where + ", near " + near(json, (int) offset);
        }
        return "unexpected input" + where + ", near " + near(json, (int) offset);
    }

    private static String near(byte[] json, int offset) {
        byte[] context = Arrays.copyOfRange(json, Math.max(0, offset - BYTES_BEFORE),
                Math.min(json.length, offset + BYTES_AFTER));
        return "'" + new String(context, StandardCharsets.UTF_8).replaceAll("\\p{Cc}", " ") + "'";
    }
}
