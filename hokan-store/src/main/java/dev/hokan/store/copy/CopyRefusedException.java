package dev.hokan.store.copy;

import java.io.IOException;

/**
 * A copy message the destination will not act on: malformed, over a limit, or referring to what has not
 * arrived. The request is at fault, not the destination's storage; repeating it unchanged fails again.
 */
public class CopyRefusedException extends IOException {
    public CopyRefusedException(String message) {
        super(message);
    }

    public CopyRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
