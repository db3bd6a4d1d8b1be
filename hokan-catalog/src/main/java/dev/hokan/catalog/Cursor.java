package dev.hokan.catalog;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Position after the last item of a page, in (creation time, id) order; travels as an opaque NextToken. */
public record Cursor(long creationMillis, String id) {
    public String toToken() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((creationMillis + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when the token was not made by {@link #toToken()} */
    public static Cursor fromToken(String token) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("NextToken is not a token this server issued");
        }
        int bar = text.indexOf('|');
        if (bar <= 0 || bar == text.length() - 1) {
            throw new IllegalArgumentException("NextToken is not a token this server issued");
        }
        try {
            return new Cursor(Long.parseLong(text.substring(0, bar)), text.substring(bar + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("NextToken is not a token this server issued");
        }
    }
}
