package io.tracefleet.spec.model;

import io.tracefleet.spec.model.Doc;
import io.tracefleet.spec.model.NameRule;
import io.tracefleet.spec.model.Named;
import io.tracefleet.spec.model.Range;
import io.tracefleet.spec.model.Required;

import java.util.List;
import java.util.Map;

public record Service(
        @Required @Doc("Container image. May start with ${services.<name>.repository}, the URI of a service's "
                + "ECR repository, e.g. ${services.api.repository}:1.4.2.") String image,
        @Required @Range(min = 1, max = 65535) @Doc("Port the container listens on.") Integer port,
        @Range(min = 256, max = 16384) @Doc("Task CPU units (Fargate sizes: 256, 512, 1024, 2048, 4096, 8192, "
                + "16384). Default: 256.") Integer cpu,
        @Range(min = 512, max = 122880) @Doc("Task memory in MiB, valid for the cpu (Fargate table). Default: 512.")
        Integer memory,
        @Range(min = 0, max = 10000) @Doc("Number of tasks to run. Default: 1.") Integer desiredCount,
        @Doc("Environment variables. Values may use ${services.<name>.endpoint} (that service's load balancer "
                + "DNS name) and ${services.<name>.url} (http://<dns>:<port>); $${ writes a literal ${.")
        Map<@Named(NameRule.ENV_VAR_NAME) String, String> env,
        @Doc("Secrets the container gets as environment variables, by name: the ARN of a Secrets Manager secret "
                + "(arn:aws:secretsmanager:<region>:<account>:secret:<name>, optionally followed by "
                + ":<json-key>:<version-stage>:<version-id>) or of an SSM parameter "
                + "(arn:aws:ssm:<region>:<account>:parameter/<name>). Only the reference is stored, shown and "
                + "logged; ECS reads the value when a task starts, and the execution role may read exactly these.")
        Map<@Named(NameRule.ENV_VAR_NAME) String, String> secrets,
        @Named(NameRule.HEALTH_CHECK_PATH) @Doc("Target group health check path. Default: /.")
        String healthCheckPath,
        @Doc("An application load balancer in front of the service. Omit for a service without one.")
        LoadBalancer loadBalancer,
        Deployment deployment,
        @Doc("Days CloudWatch keeps the service's logs (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, "
                + "731, 1096, 1827, 2192, 2557, 2922, 3288, 3653). Default: not managed (kept forever).")
        Integer logRetentionDays,
        @Named(NameRule.LOG_GROUP_NAME) @Doc("CloudWatch log group of the containers. Default: /ecs/<taskFamily>.")
        String logGroup,
        @Named(NameRule.TASK_FAMILY) @Doc("Task definition family. Default: the service's name.") String taskFamily,
        @Named(NameRule.ECR_REPOSITORY_NAME)
        @Doc("An ECR repository Tracefleet ensures exists for this service's images.") String ecrRepository,
        @Doc("Fields owned by someone else, never compared or corrected: desiredCount (e.g. autoscaling), image "
                + "(e.g. a CI pipeline that deploys new tags).") List<IgnoredField> ignore) {

    /** A field a service hands over to another owner. */
    public enum IgnoredField implements io.tracefleet.spec.model.WireName {
        DESIRED_COUNT("desiredCount"), IMAGE("image");

        private final String wire;

        IgnoredField(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }
    }
}
