package dev.hokan.api;

import java.util.Map;

/**
 * SNS's XML answers (the Query protocol): {@code <ActionResponse>} with the members in {@code <ActionResult>} and
 * the request ID in {@code <ResponseMetadata>}; lists as {@code <member>}s, maps as {@code <entry>}s of
 * {@code <key>} and {@code <value>}; errors as {@code <ErrorResponse>}.
 */
final class SnsXml {
    private static final String NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";

    private final StringBuilder xml = new StringBuilder();

    SnsXml element(String name, String text) {
        if (text != null) {
            xml.append('<').append(name).append('>');
            escape(text);
            xml.append("</").append(name).append('>');
        }
        return this;
    }

    SnsXml open(String name) {
        xml.append('<').append(name).append('>');
        return this;
    }

    SnsXml close(String name) {
        xml.append("</").append(name).append('>');
        return this;
    }

    SnsXml map(String name, Map<String, String> entries) {
        open(name);
        entries.forEach((key, value) -> open("entry").element("key", key).element("value", value).close("entry"));
        return close(name);
    }

    /** The whole answer to {@code action}, with the result's members when it has a result. */
    static String response(String action, String requestId, SnsXml result) {
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\"?>\n<").append(action).append("Response xmlns=\"")
                .append(NAMESPACE).append("\">");
        if (result != null) {
            out.append('<').append(action).append("Result>").append(result.xml).append("</").append(action)
                    .append("Result>");
        }
        return out.append("<ResponseMetadata><RequestId>").append(requestId)
                .append("</RequestId></ResponseMetadata></").append(action).append("Response>").toString();
    }

    static String error(boolean senderFault, String code, String message, String requestId) {
        SnsXml e = new SnsXml().element("Type", senderFault ? "Sender" : "Receiver").element("Code", code)
                .element("Message", message);
        return "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error>" + e.xml
                + "</Error><RequestId>" + requestId + "</RequestId></ErrorResponse>";
    }

    private void escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> xml.append("&lt;");
                case '>' -> xml.append("&gt;");
                case '&' -> xml.append("&amp;");
                case '"' -> xml.append("&quot;");
                case '\r' -> xml.append("&#13;");
                default -> xml.append(c);
            }
        }
    }
}
