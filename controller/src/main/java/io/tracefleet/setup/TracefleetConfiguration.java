package io.tracefleet.setup;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/**
 * The controller's settings: {@code controller/config.yml}, where every value can also come from an environment
 * variable ({@code ${TRACEFLEET_…}} substitution), so a container needs no config file of its own.
 */
public class TracefleetConfiguration extends Configuration {

    @NotEmpty
    private String specsDir = "specs";

    @NotNull
    private Duration resyncInterval = Duration.seconds(30);

    @Min(1)
    @Max(64)
    private int concurrency = 4;

    @Valid
    @NotNull
    private AwsSettings aws = new AwsSettings();

    private String apiToken = "";

    private boolean protectReads;

    private boolean watchSpecs = true;

    private boolean showEnvValues;

    @jakarta.validation.constraints.DecimalMin(value = "0", inclusive = false)
    @jakarta.validation.constraints.DecimalMax("1")
    private double apiBudgetShare = io.tracefleet.aws.AwsRateLimiter.DEFAULT_SHARE;

    @Valid
    @NotNull
    private OwnershipSettings ownership = new OwnershipSettings();

    @NotNull
    private Duration specSettle = Duration.seconds(5);

    @NotNull
    private Duration progressRecheck = Duration.seconds(10);

    @Valid
    @NotNull
    private LeaderElectionSettings leaderElection = new LeaderElectionSettings();

    @Valid
    @NotNull
    private DeletionGuardSettings deletionGuard = new DeletionGuardSettings();

    @Valid
    @NotNull
    private PlanSettings plans = new PlanSettings();

    @NotNull
    private io.tracefleet.resources.TargetHealthReads targetHealth = io.tracefleet.resources.TargetHealthReads.UNSETTLED;

    @JsonProperty
    public String getSpecsDir() {
        return specsDir;
    }

    @JsonProperty
    public void setSpecsDir(String specsDir) {
        this.specsDir = specsDir;
    }

    @JsonProperty
    public Duration getResyncInterval() {
        return resyncInterval;
    }

    @JsonProperty
    public void setResyncInterval(Duration resyncInterval) {
        this.resyncInterval = resyncInterval;
    }

    @JsonProperty
    public int getConcurrency() {
        return concurrency;
    }

    @JsonProperty
    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    @JsonProperty
    public AwsSettings getAws() {
        return aws;
    }

    @JsonProperty
    public void setAws(AwsSettings aws) {
        this.aws = aws;
    }

    @JsonProperty
    public String getApiToken() {
        return apiToken;
    }

    @JsonProperty
    public void setApiToken(String apiToken) {
        this.apiToken = apiToken == null ? "" : apiToken;
    }

    /** Whether the read endpoints need the API token too (the mutating ones always do). */
    @JsonProperty
    public boolean isProtectReads() {
        return protectReads;
    }

    @JsonProperty
    public void setProtectReads(boolean protectReads) {
        this.protectReads = protectReads;
    }

    /** Whether a change under the specs directory starts a pass at once (else the next resync picks it up). */
    @JsonProperty
    public boolean isWatchSpecs() {
        return watchSpecs;
    }

    @JsonProperty
    public void setWatchSpecs(boolean watchSpecs) {
        this.watchSpecs = watchSpecs;
    }

    /**
     * The share of each of AWS's account-wide throttle buckets the controller may use (0 to 1); the rest is left to
     * the console, CI and other tools. A pass that needs more stretches the resync interval.
     */
    @JsonProperty
    public double getApiBudgetShare() {
        return apiBudgetShare;
    }

    @JsonProperty
    public void setApiBudgetShare(double apiBudgetShare) {
        this.apiBudgetShare = apiBudgetShare;
    }

    /** When a pass reads target health for ECS service health: always, unsettled (services still moving), never. */
    @JsonProperty
    public io.tracefleet.resources.TargetHealthReads getTargetHealth() {
        return targetHealth;
    }

    @JsonProperty
    public void setTargetHealth(io.tracefleet.resources.TargetHealthReads targetHealth) {
        this.targetHealth = targetHealth;
    }

    @JsonProperty
    public OwnershipSettings getOwnership() {
        return ownership;
    }

    @JsonProperty
    public void setOwnership(OwnershipSettings ownership) {
        this.ownership = ownership;
    }

    /**
     * The keys that sign ownership proofs: {@code id:secret[,id:secret…]}, the first signing, all checking. Every
     * controller and command acting on the same AWS needs the same keys: what one signed, another must verify.
     */
    public static class OwnershipSettings {
        private String keys = "";

        @JsonProperty
        public String getKeys() {
            return keys;
        }

        @JsonProperty
        public void setKeys(String keys) {
            this.keys = keys == null ? "" : keys.trim();
        }

        /**
         * The configured keys. With none, a moto this process starts (fresh every start, so nothing older exists to
         * prove) gets a random key; any other AWS is refused: a key that changed with every start would leave
         * everything made before it unproven.
         *
         * @throws IllegalArgumentException with the reason, for the user
         */
        public io.tracefleet.ownership.OwnershipKeys keysFor(AwsSettings aws) {
            if (!keys.isEmpty()) {
                return io.tracefleet.ownership.OwnershipKeys.parse(keys);
            }
            if (aws.isLocal()) {
                return io.tracefleet.ownership.OwnershipKeys.generated();
            }
            throw new IllegalArgumentException("no ownership key: set " + io.tracefleet.ownership.OwnershipKeys.VARIABLE
                    + " (ownership.keys) to id:secret, the secret at least 32 characters (openssl rand -base64 32); "
                    + "only the embedded moto (aws.endpoint: local) runs without one");
        }
    }

    /**
     * How long a spec file must be read unchanged before a deletion its change implies is made: a file written in
     * several steps is never acted on half-written. Creates and in-place updates do not wait.
     */
    @JsonProperty
    public Duration getSpecSettle() {
        return specSettle;
    }

    @JsonProperty
    public void setSpecSettle(Duration specSettle) {
        this.specSettle = specSettle;
    }

    @JsonProperty
    public DeletionGuardSettings getDeletionGuard() {
        return deletionGuard;
    }

    @JsonProperty
    public void setDeletionGuard(DeletionGuardSettings deletionGuard) {
        this.deletionGuard = deletionGuard;
    }

    /**
     * How soon an application with something still moving (a rollout, a replacement) gets a cycle of its own,
     * doubling each time up to the resync; 0s: it waits for the resync.
     */
    @JsonProperty
    public Duration getProgressRecheck() {
        return progressRecheck;
    }

    @JsonProperty
    public void setProgressRecheck(Duration progressRecheck) {
        this.progressRecheck = progressRecheck;
    }

    @JsonProperty
    public LeaderElectionSettings getLeaderElection() {
        return leaderElection;
    }

    @JsonProperty
    public void setLeaderElection(LeaderElectionSettings leaderElection) {
        this.leaderElection = leaderElection;
    }

    @Valid
    @NotNull
    private TracingSettings tracing = new TracingSettings();

    @JsonProperty
    public TracingSettings getTracing() {
        return tracing;
    }

    @JsonProperty
    public void setTracing(TracingSettings tracing) {
        this.tracing = tracing;
    }

    /**
     * One writer at a time: with this on, only the controller holding the lease in DynamoDB writes to AWS; the others
     * observe and report. Off for a lone local run.
     */
    public static class LeaderElectionSettings {
        private boolean enabled;
        @NotEmpty
        private String table = "tracefleet-leases";
        @NotNull
        private Duration leaseDuration = Duration.seconds(20);
        @NotNull
        private Duration heartbeat = Duration.seconds(5);
        @NotNull
        private Duration writeMargin = Duration.seconds(5);
        private String identity = "";
        @Min(1)
        @jakarta.validation.constraints.Max(256)
        private int shards = 1;
        @NotNull
        private WatchWhenOff watchWhenOff = WatchWhenOff.AUTO;

        /**
         * With leader election off, whether the controller still renews a heartbeat in the lease table and writes
         * nothing while it sees another controller there: {@code auto} against real AWS only (an emulator of one's
         * own has one controller), {@code always}, {@code never}.
         */
        public enum WatchWhenOff {
            AUTO, ALWAYS, NEVER;

            @com.fasterxml.jackson.annotation.JsonCreator
            public static WatchWhenOff of(String value) {
                return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            }
        }

        /** Leases the applications are spread over; 1: one leader writes everything. */
        @JsonProperty
        public int getShards() {
            return shards;
        }

        @JsonProperty
        public void setShards(int shards) {
            this.shards = shards;
        }

        @JsonProperty
        public WatchWhenOff getWatchWhenOff() {
            return watchWhenOff;
        }

        @JsonProperty
        public void setWatchWhenOff(WatchWhenOff watchWhenOff) {
            this.watchWhenOff = watchWhenOff;
        }

        @JsonProperty
        public boolean isEnabled() {
            return enabled;
        }

        @JsonProperty
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        @JsonProperty
        public String getTable() {
            return table;
        }

        @JsonProperty
        public void setTable(String table) {
            this.table = table;
        }

        @JsonProperty
        public Duration getLeaseDuration() {
            return leaseDuration;
        }

        @JsonProperty
        public void setLeaseDuration(Duration leaseDuration) {
            this.leaseDuration = leaseDuration;
        }

        @JsonProperty
        public Duration getHeartbeat() {
            return heartbeat;
        }

        @JsonProperty
        public void setHeartbeat(Duration heartbeat) {
            this.heartbeat = heartbeat;
        }

        /** How long before its lease would end a leader stops writing: more than one AWS call can take. */
        @JsonProperty
        public Duration getWriteMargin() {
            return writeMargin;
        }

        @JsonProperty
        public void setWriteMargin(Duration writeMargin) {
            this.writeMargin = writeMargin;
        }

        /** This controller's name in the lease; empty: host name, process id and a random suffix. */
        @JsonProperty
        public String getIdentity() {
            return identity;
        }

        @JsonProperty
        public void setIdentity(String identity) {
            this.identity = identity == null ? "" : identity;
        }
    }

    /** When a deletion waits for a person's confirmation (see {@link io.tracefleet.reconcile.DeletionGuard}). */
    /** Whether plain env values show as they are in drift, plans, events and the log, rather than as fingerprints. */
    @JsonProperty
    public boolean isShowEnvValues() {
        return showEnvValues;
    }

    @JsonProperty
    public void setShowEnvValues(boolean showEnvValues) {
        this.showEnvValues = showEnvValues;
    }

    @JsonProperty
    public PlanSettings getPlans() {
        return plans;
    }

    @JsonProperty
    public void setPlans(PlanSettings plans) {
        this.plans = plans;
    }

    /** {@code GET /plan/{app}}: how long a plan is answered again, and the share of the API budget fresh ones use. */
    public static class PlanSettings {
        private static final io.tracefleet.reconcile.OnDemandPlans.Settings DEFAULT =
                io.tracefleet.reconcile.OnDemandPlans.Settings.DEFAULT;
        @NotNull
        private Duration reuse = Duration.milliseconds(DEFAULT.reuse().toMillis());
        @jakarta.validation.constraints.DecimalMin(value = "0", inclusive = false)
        @jakarta.validation.constraints.DecimalMax("1")
        private double budgetShare = DEFAULT.budgetShare();
        @NotNull
        private Duration burst = Duration.milliseconds(DEFAULT.burst().toMillis());

        @JsonProperty
        public Duration getReuse() {
            return reuse;
        }

        @JsonProperty
        public void setReuse(Duration reuse) {
            this.reuse = reuse;
        }

        @JsonProperty
        public double getBudgetShare() {
            return budgetShare;
        }

        @JsonProperty
        public void setBudgetShare(double budgetShare) {
            this.budgetShare = budgetShare;
        }

        @JsonProperty
        public Duration getBurst() {
            return burst;
        }

        @JsonProperty
        public void setBurst(Duration burst) {
            this.burst = burst;
        }

        public io.tracefleet.reconcile.OnDemandPlans.Settings toSettings() {
            return new io.tracefleet.reconcile.OnDemandPlans.Settings(
                    java.time.Duration.ofMillis(reuse.toMilliseconds()), budgetShare,
                    java.time.Duration.ofMillis(burst.toMilliseconds()));
        }
    }

    public static class DeletionGuardSettings {
        private boolean enabled = io.tracefleet.reconcile.DeletionGuard.DEFAULT.enabled();
        @Min(0)
        private int maxDeletions = io.tracefleet.reconcile.DeletionGuard.DEFAULT.maxDeletions();
        @jakarta.validation.constraints.DecimalMin("0")
        @jakarta.validation.constraints.DecimalMax("1")
        private double maxShare = io.tracefleet.reconcile.DeletionGuard.DEFAULT.maxShare();

        @JsonProperty
        public boolean isEnabled() {
            return enabled;
        }

        @JsonProperty
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        @JsonProperty
        public int getMaxDeletions() {
            return maxDeletions;
        }

        @JsonProperty
        public void setMaxDeletions(int maxDeletions) {
            this.maxDeletions = maxDeletions;
        }

        @JsonProperty
        public double getMaxShare() {
            return maxShare;
        }

        @JsonProperty
        public void setMaxShare(double maxShare) {
            this.maxShare = maxShare;
        }

        public io.tracefleet.reconcile.DeletionGuard toGuard() {
            return enabled ? new io.tracefleet.reconcile.DeletionGuard(true, maxDeletions, maxShare)
                    : io.tracefleet.reconcile.DeletionGuard.OFF;
        }
    }

    /**
     * Where AWS is. {@code endpoint: local} starts moto and uses it; a URL uses that endpoint (another emulator);
     * empty uses real AWS through the SDK's default credential and region chains.
     */
    public static class AwsSettings {
        public static final String LOCAL = "local";

        private String endpoint = LOCAL;
        private String region = "";
        private String python = "python3";
        private String rateLimited = "auto";
        private String throttleOverrides = "";

        @JsonProperty
        public String getEndpoint() {
            return endpoint;
        }

        @JsonProperty
        public void setEndpoint(String endpoint) {
            this.endpoint = endpoint == null ? "" : endpoint.trim();
        }

        /** The region for calls not tied to a spec (the account check); empty: the SDK's region chain. */
        @JsonProperty
        public String getRegion() {
            return region;
        }

        @JsonProperty
        public void setRegion(String region) {
            this.region = region == null ? "" : region.trim();
        }

        /** The Python that runs moto in local mode. */
        @JsonProperty
        public String getPython() {
            return python;
        }

        @JsonProperty
        public void setPython(String python) {
            this.python = python;
        }

        /**
         * Whether calls wait for the API budget's tokens: {@code auto} (the default) paces calls to real AWS and to
         * an explicit endpoint, and not to the embedded moto ({@code endpoint: local}), which throttles nothing and
         * so would only be slowed down; {@code true} or {@code false} decide for every endpoint. The resync
         * interval still stretches by the budget either way.
         */
        @JsonProperty("rateLimited")
        public String getRateLimitedSetting() {
            return rateLimited;
        }

        @JsonProperty("rateLimited")
        public void setRateLimitedSetting(String setting) {
            String value = setting == null || setting.isBlank() ? "auto" : setting.trim().toLowerCase(java.util.Locale.ROOT);
            if (!value.equals("auto") && !value.equals("true") && !value.equals("false")) {
                throw new IllegalArgumentException("aws.rateLimited: '" + setting + "' is not auto, true or false");
            }
            this.rateLimited = value;
        }

        /** What {@link #getRateLimitedSetting()} means for this endpoint. */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isPaced() {
            return rateLimited.equals("auto") ? !isLocal() : Boolean.parseBoolean(rateLimited);
        }

        /**
         * Replaced figures of AWS's throttle buckets, {@code bucket=rate:burst} separated by commas (e.g. an account
         * whose limits AWS raised, or a guessed bucket someone measured); see {@code AwsThrottleLimits}.
         */
        @JsonProperty
        public String getThrottleOverrides() {
            return throttleOverrides;
        }

        @JsonProperty
        public void setThrottleOverrides(String overrides) {
            String value = overrides == null ? "" : overrides.trim();
            // Parsed and checked against the table now, so a typo stops the start with the field's name.
            io.tracefleet.aws.AwsThrottleLimits.table()
                    .withOverrides(io.tracefleet.aws.AwsThrottleLimits.parseOverrides(value));
            this.throttleOverrides = value;
        }

        /** AWS's buckets with this configuration's overrides. */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public java.util.Map<io.tracefleet.aws.ThrottleBucket, io.tracefleet.aws.BucketLimit> throttleLimits() {
            return io.tracefleet.aws.AwsThrottleLimits.table()
                    .withOverrides(io.tracefleet.aws.AwsThrottleLimits.parseOverrides(throttleOverrides)).limits();
        }

        /** Derived from the endpoint, not a setting: ignored when the configuration is read or written. */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isLocal() {
            return LOCAL.equals(endpoint);
        }

        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isRealAws() {
            return endpoint.isEmpty();
        }
    }
}
