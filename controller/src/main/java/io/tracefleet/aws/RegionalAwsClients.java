package io.tracefleet.aws;

import software.amazon.awssdk.regions.Region;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One {@link AwsClients} per region a spec names, created on first use. Clients hold connections and
 * credentials, never observations, so keeping them across cycles cannot make the controller see stale state.
 */
public final class RegionalAwsClients implements AutoCloseable {
    private final Function<Region, AwsClientSettings> settingsForRegion;
    private final Map<Region, AwsClients> clients = new ConcurrentHashMap<>();

    public RegionalAwsClients(Function<Region, AwsClientSettings> settingsForRegion) {
        this.settingsForRegion = settingsForRegion;
    }

    public AwsClients in(String region) {
        return clients.computeIfAbsent(Region.of(region), r -> AwsClients.create(settingsForRegion.apply(r)));
    }

    @Override
    public void close() {
        clients.values().forEach(AwsClients::close);
        clients.clear();
    }
}
