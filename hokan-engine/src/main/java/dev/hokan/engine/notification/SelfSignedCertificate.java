package dev.hokan.engine.notification;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * An X.509 v3 certificate of an RSA key, signed by that key (SHA256withRSA), in DER. The JDK verifies and parses
 * certificates but has no public way to make one, and the signing certificate is all Hokan needs to make.
 */
final class SelfSignedCertificate {
    private static final byte[] SHA256_WITH_RSA = {0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01,
            0x01, 0x0B};
    private static final byte[] COMMON_NAME = {0x55, 0x04, 0x03};
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private SelfSignedCertificate() {
    }

    static byte[] create(KeyPair keys, String commonName, Instant notBefore, Instant notAfter)
            throws GeneralSecurityException {
        byte[] algorithm = tlv(0x30, tlv(0x06, SHA256_WITH_RSA), new byte[]{0x05, 0x00});
        byte[] name = tlv(0x30, tlv(0x31, tlv(0x30, tlv(0x06, COMMON_NAME),
                tlv(0x0C, commonName.getBytes(StandardCharsets.UTF_8)))));
        byte[] serial = new BigInteger(64, new SecureRandom()).setBit(62).toByteArray();
        byte[] tbs = tlv(0x30,
                tlv(0xA0, tlv(0x02, new byte[]{0x02})),
                tlv(0x02, serial),
                algorithm,
                name,
                tlv(0x30, time(notBefore), time(notAfter)),
                name,
                keys.getPublic().getEncoded());
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(keys.getPrivate());
        signer.update(tbs);
        byte[] signature = signer.sign();
        byte[] bits = new byte[signature.length + 1];
        System.arraycopy(signature, 0, bits, 1, signature.length);
        return tlv(0x30, tbs, algorithm, tlv(0x03, bits));
    }

    /** RFC 5280: UTCTime through 2049, GeneralizedTime from 2050. */
    private static byte[] time(Instant t) {
        boolean utc = t.atZone(ZoneOffset.UTC).getYear() < 2050;
        String text = (utc ? UTC_TIME : GENERALIZED_TIME).format(t);
        return tlv(utc ? 0x17 : 0x18, text.getBytes(StandardCharsets.US_ASCII));
    }

    /** A DER tag-length-value of the parts' concatenation. */
    private static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        int length = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }
}
