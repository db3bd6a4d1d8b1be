package dev.hokan.engine.endpoint;

import dev.hokan.engine.ServiceException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The addresses a grant names: a block of addresses ({@code 10.0.0.0/8}; an address alone is a block of one), or a
 * host name, whose addresses are those it resolves to when a connection is checked against it.
 */
public record Network(String name, Optional<InetAddress> base, int prefixLength) {
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    /** {@code text} as a network, in its canonical spelling (a block's address masked to its prefix length). */
    public static Network parse(String member, String text) {
        if (text == null || text.isEmpty()) {
            throw ServiceException.missingParameter(member);
        }
        int slash = text.indexOf('/');
        Optional<InetAddress> literal = literal(slash < 0 ? text : text.substring(0, slash));
        if (literal.isEmpty()) {
            String host = text.toLowerCase(Locale.ROOT);
            if (!HOST_NAME.matcher(host).matches()) {
                throw ServiceException.invalidParameter(member + " " + text + " is not an IP address, a CIDR block"
                        + " (such as 10.0.0.0/8) or a host name");
            }
            return new Network(host, Optional.empty(), 0);
        }
        int bits = literal.get().getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = text.substring(slash + 1);
            if (!length.matches("[0-9]{1,3}") || Integer.parseInt(length) > bits) {
                throw ServiceException.invalidParameter(member + " " + text + " has a prefix length that is not"
                        + " between 0 and " + bits);
            }
            prefix = Integer.parseInt(length);
        }
        InetAddress masked = masked(literal.get(), prefix);
        return new Network(masked.getHostAddress() + "/" + prefix, Optional.of(masked), prefix);
    }

    /** Whether {@code address} is one of the network's; a host name that does not resolve has none. */
    boolean contains(InetAddress address) {
        if (base.isEmpty()) {
            return resolve(name).contains(address);
        }
        return base.get().getAddress().length == address.getAddress().length
                && masked(address, prefixLength).equals(base.get());
    }

    /** Every address of {@code host}; none when it does not resolve. */
    static List<InetAddress> resolve(String host) {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            return List.of();
        }
    }

    private static Optional<InetAddress> literal(String text) {
        try {
            return Optional.of(InetAddress.ofLiteral(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static InetAddress masked(InetAddress address, int prefix) {
        byte[] bytes = address.getAddress();
        for (int i = 0; i < bytes.length; i++) {
            int kept = Math.clamp(prefix - i * 8L, 0, 8);
            bytes[i] &= (byte) (0xff00 >> kept);
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(Arrays.toString(bytes), e);
        }
    }
}
