package dev.hokan.engine.notification;

import dev.hokan.engine.ServiceException;
import java.math.BigDecimal;
import java.util.Set;

/**
 * A message attribute as SNS takes it: its data type ({@code String}, {@code String.Array}, {@code Number} or
 * {@code Binary}, optionally with a custom suffix after a dot) and its value, a binary one in base64.
 */
public record MessageAttribute(String dataType, String value) {
    private static final Set<String> BASE_TYPES = Set.of("String", "Number", "Binary");

    /** An attribute as Publish gives it, refused with SNS's words when it is not one. */
    public static MessageAttribute of(String name, String dataType, String stringValue, String binaryValue) {
        if (dataType == null || dataType.isEmpty()) {
            throw ServiceException.invalidParameter("The message attribute '" + name + "' must contain non-empty"
                    + " message attribute type.");
        }
        String base = baseType(dataType);
        if (!BASE_TYPES.contains(base) && !dataType.equals("String.Array")) {
            throw ServiceException.invalidParameter("The message attribute '" + name + "' has an invalid message"
                    + " attribute type, the set of supported type prefixes is Binary, Number, and String.");
        }
        String value = base.equals("Binary") ? binaryValue : stringValue;
        if (value == null || value.isEmpty()) {
            throw ServiceException.invalidParameter("The message attribute '" + name + "' must contain non-empty"
                    + " message attribute value for message attribute type '" + dataType + "'.");
        }
        if (base.equals("Number")) {
            try {
                new BigDecimal(value);
            } catch (NumberFormatException e) {
                throw ServiceException.invalidParameter("Could not cast message attribute '" + name + "' value to"
                        + " number.");
            }
        }
        return new MessageAttribute(dataType, value);
    }

    /** {@code String}, {@code Number}, {@code Binary} or {@code String.Array}, without a custom suffix. */
    public String baseType() {
        return dataType.equals("String.Array") ? dataType : baseType(dataType);
    }

    private static String baseType(String dataType) {
        int dot = dataType.indexOf('.');
        return dot < 0 ? dataType : dataType.substring(0, dot);
    }

    public static MessageAttribute string(String value) {
        return new MessageAttribute("String", value);
    }
}
