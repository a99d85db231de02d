package io.tracefleet.leader;

import io.tracefleet.aws.AwsOperation;
import io.tracefleet.reconcile.WriteLease;
import io.tracefleet.reconcile.WritingFor;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The last check before any write leaves the process: without the lease of the application being written held long
 * enough to finish the call, the call fails here, whatever the cycle believed when it started. The lease's own calls
 * (DynamoDB) are not fenced.
 */
public final class WriteFence implements ExecutionInterceptor {
    private volatile WriteLease lease = WriteLease.ALWAYS;

    public void guardWith(WriteLease writeLease) {
        this.lease = writeLease;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        boolean write = AwsOperation.ofCall(attributes).map(op -> op.service() != io.tracefleet.aws.AwsService.DYNAMODB
                && op.access() == AwsOperation.Access.WRITE).orElse(false);
        String application = WritingFor.application().orElse(null);
        if (write && !lease.heldFor(application)) {
            throw SdkClientException.create("not sent: this controller does not hold the write lease"
                    + (application == null ? "" : " of " + application) + " (another controller writes it, or this "
                    + "one could not renew its lease in time)");
        }
    }
}
