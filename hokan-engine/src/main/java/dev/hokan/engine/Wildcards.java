package dev.hokan.engine;

/**
 * IAM-style wildcard matching, case sensitive: {@code *} stands for any run of characters, {@code ?} for one
 * character. ARN patterns are compared field by field, as IAM's ArnLike does.
 */
public final class Wildcards {
    private Wildcards() {
    }

    public static boolean matches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int starText = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                starText = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++starText;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /**
     * Whether {@code arn} matches {@code pattern}: {@code "*"} matches every ARN; otherwise each of the six
     * colon-separated fields must match its own pattern, the last one (the resource) including any ':' and '/'.
     */
    public static boolean matchesArn(String pattern, String arn) {
        if (pattern.equals("*")) {
            return true;
        }
        String[] patternFields = pattern.split(":", 6);
        String[] arnFields = arn.split(":", 6);
        if (patternFields.length != 6 || arnFields.length != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (!matches(patternFields[i], arnFields[i])) {
                return false;
            }
        }
        return true;
    }
}
