package dev.hokan.engine.copy;

import dev.hokan.engine.Account;
import dev.hokan.engine.iam.KeyPair;
import java.net.URI;

/**
 * A region another Hokan deployment serves (another site): where to reach it and the credentials this deployment
 * signs its requests there with.
 */
public record RemoteRegion(String region, URI endpoint, KeyPair credentials) {
    public RemoteRegion {
        new Account(Account.DEFAULT_ACCOUNT, region);
        if (endpoint == null || endpoint.getScheme() == null || !endpoint.getScheme().matches("https?")
                || endpoint.getHost() == null) {
            throw new IllegalArgumentException("The endpoint of remote region " + region
                    + " must be an http:// or https:// URL, not " + endpoint);
        }
    }
}
