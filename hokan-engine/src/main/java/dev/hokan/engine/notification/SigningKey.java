package dev.hokan.engine.notification;

import dev.hokan.catalog.identity.IdentityCatalog;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.crypto.TamperedDataException;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The deployment's key for signing notifications as SNS does (RSA; SHA1withRSA for SignatureVersion 1,
 * SHA256withRSA for 2) and its self-signed certificate, which subscribers fetch from SigningCertURL. Made at first
 * use and kept in the directory, the private key sealed with the master key.
 */
public final class SigningKey {
    private static final String SETTING = "notifications.signing-key";
    private static final String PURPOSE = "hokan-sns-signing-key";
    private static final Duration VALIDITY = Duration.ofDays(3650);

    private final PrivateKey privateKey;
    private final X509Certificate certificate;

    private SigningKey(PrivateKey privateKey, X509Certificate certificate) {
        this.privateKey = privateKey;
        this.certificate = certificate;
    }

    /** The deployment's key, made and kept in {@code directory} when it has none yet. */
    public static SigningKey loadOrCreate(IdentityCatalog directory, MasterKey masterKey) {
        return directory.write(tx -> {
            Optional<Map<String, String>> kept = tx.settings().map(SETTING);
            if (kept.isPresent()) {
                return open(kept.get(), masterKey);
            }
            Map<String, String> made = create(masterKey);
            tx.settings().putMap(SETTING, made);
            return open(made, masterKey);
        });
    }

    /**
     * Seals the kept key under {@code to} instead of {@code from}, as a rotation of the master key does; false when
     * the directory keeps none yet.
     */
    public static boolean reseal(IdentityCatalog directory, MasterKey from, MasterKey to) {
        return directory.write(tx -> {
            Optional<Map<String, String>> kept = tx.settings().map(SETTING);
            if (kept.isEmpty()) {
                return false;
            }
            Base64.Decoder base64 = Base64.getDecoder();
            byte[] key;
            try {
                key = from.open(base64.decode(kept.get().get("SealedKey")), PURPOSE);
            } catch (TamperedDataException e) {
                throw new UncheckedIOException("The notification signing key does not open with the master key", e);
            }
            tx.settings().putMap(SETTING, Map.of("SealedKey", Base64.getEncoder().encodeToString(to.seal(key, PURPOSE)),
                    "Certificate", kept.get().get("Certificate")));
            return true;
        });
    }

    private static Map<String, String> create(MasterKey masterKey) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            Instant now = Instant.now();
            byte[] certificate = SelfSignedCertificate.create(keys, "Hokan Simple Notification Service", now,
                    now.plus(VALIDITY));
            Base64.Encoder base64 = Base64.getEncoder();
            return Map.of("SealedKey", base64.encodeToString(masterKey.seal(keys.getPrivate().getEncoded(), PURPOSE)),
                    "Certificate", base64.encodeToString(certificate));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA keys and signatures are part of every JDK", e);
        }
    }

    private static SigningKey open(Map<String, String> kept, MasterKey masterKey) {
        Base64.Decoder base64 = Base64.getDecoder();
        try {
            byte[] key = masterKey.open(base64.decode(kept.get("SealedKey")), PURPOSE);
            PrivateKey privateKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(key));
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(base64.decode(kept.get("Certificate"))));
            return new SigningKey(privateKey, certificate);
        } catch (TamperedDataException e) {
            throw new UncheckedIOException("The notification signing key does not open with this master key: every node"
                    + " sharing a catalog needs the same master key (--master-key-file)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The notification signing key in the directory is damaged", e);
        }
    }

    /** The base64 signature of {@code text}, as SignatureVersion {@code version} (1 or 2) makes it. */
    String sign(String text, int version) {
        try {
            Signature signature = Signature.getInstance(version == 2 ? "SHA256withRSA" : "SHA1withRSA");
            signature.initSign(privateKey);
            signature.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA signatures are part of every JDK", e);
        }
    }

    /** The certificate in PEM, as served at SigningCertURL. */
    public String certificatePem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The certificate was parsed, so it encodes", e);
        }
    }
}
