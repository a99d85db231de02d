package io.tracefleet.setup;

import io.tracefleet.ownership.OwnershipKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The ownership keys a controller or a command signs and verifies with, from its configuration. */
public final class OwnershipKeySource {
    private static final Logger LOG = LoggerFactory.getLogger(OwnershipKeySource.class);

    private OwnershipKeySource() {
    }

    /** The ownership keys, or a failure that names the setting; a random key for the embedded moto, said so. */
    public static OwnershipKeys keys(TracefleetConfiguration config) {
        boolean generated = false;
        if (config.getOwnership().getKeys().isEmpty() && config.getAws().isLocal()) {
            // Kept in the configuration as text, so that it can be handed to plan and apply (LocalRunFile).
            config.getOwnership().setKeys(OwnershipKeys.generatedText());
            generated = true;
        }
        OwnershipKeys keys;
        try {
            keys = config.getOwnership().keysFor(config.getAws());
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(1, e.getMessage());
        }
        if (generated) {
            LOG.info("no ownership key set ({}): the embedded moto starts empty, so a random key signs this run's "
                    + "ownership proofs", OwnershipKeys.VARIABLE);
        } else {
            LOG.info("ownership proofs signed with key '{}', verified with {}", keys.signingKeyId(), keys.keyIds());
        }
        return keys;
    }
}
