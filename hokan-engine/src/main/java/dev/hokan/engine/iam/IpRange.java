package dev.hokan.engine.iam;

import java.net.InetAddress;
import java.util.Optional;

/**
 * An IPv4 or IPv6 range in CIDR notation, as {@code IpAddress} and {@code NotIpAddress} take it; an address without
 * a prefix length is a range of one. Only literal addresses are read: nothing here looks up a name.
 */
record IpRange(byte[] network, int prefixLength) {

    static Optional<IpRange> parse(String text) {
        int slash = text.indexOf('/');
        Optional<byte[]> address = address(slash < 0 ? text : text.substring(0, slash));
        if (address.isEmpty()) {
            return Optional.empty();
        }
        int bits = address.get().length * 8;
        if (slash < 0) {
            return Optional.of(new IpRange(address.get(), bits));
        }
        String length = text.substring(slash + 1);
        if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(Character::isDigit)
                || Integer.parseInt(length) > bits) {
            return Optional.empty();
        }
        return Optional.of(new IpRange(address.get(), Integer.parseInt(length)));
    }

    /** The bytes of a literal IPv4 (four decimal parts) or IPv6 address; an IPv4-mapped IPv6 address is IPv4. */
    static Optional<byte[]> address(String text) {
        boolean ipv6 = text.indexOf(':') >= 0;
        if (!ipv6 && text.chars().filter(c -> c == '.').count() != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.ofLiteral(text).getAddress());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code addressText} is an address of this range; anything that is no address is not. */
    boolean contains(String addressText) {
        return address(addressText).filter(a -> a.length == network.length && samePrefix(a)).isPresent();
    }

    private boolean samePrefix(byte[] address) {
        for (int bit = 0; bit < prefixLength; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
