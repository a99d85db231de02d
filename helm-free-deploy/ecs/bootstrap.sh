#!/usr/bin/env bash
# Creates what the Tracefleet controller needs to run on ECS Fargate, and the one-task service that runs it:
# its log group, its task role (trust policy + least-privilege inline policy), its execution role, the secret
# holding its ownership keys (generated once, never printed), a cluster, a security group, the task definition
# and the service.
#
# Idempotent: every step observes first and writes only what is missing or differs, so a second run makes no
# write at all. Needs the AWS CLI and jq.
#
#   TRACEFLEET_IMAGE=<registry>/tracefleet:<tag> AWS_REGION=ap-northeast-1 helm-free-deploy/ecs/bootstrap.sh
#
# Optional: TRACEFLEET_CLUSTER (default tracefleet), TRACEFLEET_SUBNETS (comma-separated; default: the default
# VPC's default subnets), TRACEFLEET_VPC (default: the default VPC), TRACEFLEET_ASSIGN_PUBLIC_IP (ENABLED, needed
# to pull a public image from a public subnet; DISABLED behind a NAT), AWS_ENDPOINT_URL (another endpoint, e.g.
# a moto server).
#
# The controller's own resources are tagged tracefleet.io/part-of=tracefleet-controller and deliberately NOT
# with the ownership tag tracefleet.io/managed-by: the task role policy lets the controller change only what
# carries that tag, so it can never rewrite its own role or stop its own service.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
region=${AWS_REGION:?set AWS_REGION}
image=${TRACEFLEET_IMAGE:?set TRACEFLEET_IMAGE to the controller image}
cluster=${TRACEFLEET_CLUSTER:-tracefleet}
assign_public_ip=${TRACEFLEET_ASSIGN_PUBLIC_IP:-ENABLED}
name=tracefleet-controller
task_role=${name}-task
execution_role=${name}-execution
log_group=$(jq -r .logGroupName "$here/log-group.json")
retention=$(jq -r .retentionInDays "$here/log-group.json")
execution_policy_arn=arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy
keys_secret=${name}/ownership-keys
lease_table=tracefleet-leases
tag_key=tracefleet.io/part-of
hash_tag=tracefleet.io/definition-sha256

export AWS_REGION=$region AWS_DEFAULT_REGION=$region
for tool in aws jq sha256sum base64 head; do
  command -v "$tool" >/dev/null || { echo "bootstrap: $tool is missing" >&2; exit 1; }
done

say() { echo "bootstrap: $*" >&2; }

# The JSON files hold ${ACCOUNT_ID}, ${REGION}, ${IMAGE} and ${OWNERSHIP_KEYS_SECRET_ARN}; any other ${...}
# (the health check's admin port) is left for the container's shell.
render() {
  sed -e "s|\${ACCOUNT_ID}|$account|g" -e "s|\${REGION}|$region|g" -e "s|\${IMAGE}|$image|g" \
    -e "s|\${OWNERSHIP_KEYS_SECRET_ARN}|${keys_secret_arn:-}|g" "$1"
}

canonical() { jq -S -c .; }

ensure_log_group() {
  local found current
  found=$(aws logs describe-log-groups --log-group-name-prefix "$log_group" \
    --query "logGroups[?logGroupName=='$log_group'] | length(@)" --output text)
  if [ "$found" = "0" ]; then
    say "creating log group $log_group"
    aws logs create-log-group --log-group-name "$log_group" --tags "$tag_key=$name"
  fi
  current=$(aws logs describe-log-groups --log-group-name-prefix "$log_group" \
    --query "logGroups[?logGroupName=='$log_group'].retentionInDays | [0]" --output text)
  if [ "$current" != "$retention" ]; then
    say "setting $log_group retention to $retention days"
    aws logs put-retention-policy --log-group-name "$log_group" --retention-in-days "$retention"
  fi
}

# A role with exactly this trust policy; returns nothing, creates or corrects.
ensure_role() {
  local role=$1 trust_file=$2 trust current
  trust=$(render "$trust_file" | canonical)
  if ! current=$(aws iam get-role --role-name "$role" --query Role.AssumeRolePolicyDocument --output json \
      2>/dev/null); then
    say "creating role $role"
    aws iam create-role --role-name "$role" --assume-role-policy-document "$trust" \
      --tags "Key=$tag_key,Value=$name" >/dev/null
    return
  fi
  if [ "$(canonical <<<"$current")" != "$trust" ]; then
    say "correcting the trust policy of $role"
    aws iam update-assume-role-policy --role-name "$role" --policy-document "$trust"
  fi
}

ensure_inline_policy() {
  local role=$1 policy_name=$2 policy_file=$3 desired current
  desired=$(render "$policy_file" | canonical)
  current=$(aws iam get-role-policy --role-name "$role" --policy-name "$policy_name" \
    --query PolicyDocument --output json 2>/dev/null || true)
  if [ -z "$current" ] || [ "$(canonical <<<"$current")" != "$desired" ]; then
    say "putting policy $policy_name on $role"
    aws iam put-role-policy --role-name "$role" --policy-name "$policy_name" --policy-document "$desired"
  fi
}

ensure_attached_policy() {
  local role=$1 policy_arn=$2 attached
  attached=$(aws iam list-attached-role-policies --role-name "$role" \
    --query "AttachedPolicies[?PolicyArn=='$policy_arn'] | length(@)" --output text)
  if [ "$attached" = "0" ]; then
    say "attaching $policy_arn to $role"
    aws iam attach-role-policy --role-name "$role" --policy-arn "$policy_arn"
  fi
}

# The key that signs the ownership proof of everything the controller creates. Made once, from 32 random bytes,
# and never read back here: the task gets it through its execution role. Rotating it is adding a key in front
# (id:secret,id:secret) with put-secret-value, then seal (see the README's Ownership).
ensure_ownership_keys() {
  local arn
  if ! arn=$(aws secretsmanager describe-secret --secret-id "$keys_secret" --query ARN --output text 2>/dev/null); then
    say "creating secret $keys_secret with a new ownership key"
    arn=$(aws secretsmanager create-secret --name "$keys_secret" \
      --description "Tracefleet controller: ownership proof keys (id:secret[,id:secret...])" \
      --secret-string "k1:$(head -c 32 /dev/urandom | base64 | tr -d '\n')" \
      --tags "Key=$tag_key,Value=$name" --query ARN --output text)
  fi
  echo "$arn"
}

# The controllers' leases (leader election): the key schema AWS's DynamoDB lock client expects. The controller's
# policy grants item calls on this table only, not CreateTable, so it is made here.
ensure_lease_table() {
  if ! aws dynamodb describe-table --table-name "$lease_table" >/dev/null 2>&1; then
    say "creating lease table $lease_table"
    aws dynamodb create-table --table-name "$lease_table" \
      --attribute-definitions AttributeName=key,AttributeType=S --key-schema AttributeName=key,KeyType=HASH \
      --billing-mode PAY_PER_REQUEST --tags "Key=$tag_key,Value=$name" >/dev/null
    aws dynamodb wait table-exists --table-name "$lease_table"
  fi
}

ensure_cluster() {
  local active
  active=$(aws ecs describe-clusters --clusters "$cluster" \
    --query "clusters[?status=='ACTIVE'] | length(@)" --output text)
  if [ "$active" = "0" ]; then
    say "creating cluster $cluster"
    aws ecs create-cluster --cluster-name "$cluster" --tags "key=$tag_key,value=$name" >/dev/null
  fi
}

vpc_id() {
  if [ -n "${TRACEFLEET_VPC:-}" ]; then
    echo "$TRACEFLEET_VPC"
  else
    aws ec2 describe-vpcs --filters Name=is-default,Values=true --query 'Vpcs[0].VpcId' --output text
  fi
}

subnet_ids() {
  if [ -n "${TRACEFLEET_SUBNETS:-}" ]; then
    echo "$TRACEFLEET_SUBNETS"
  else
    aws ec2 describe-subnets --filters "Name=vpc-id,Values=$1" Name=default-for-az,Values=true \
      --query 'sort(Subnets[].SubnetId)' --output text | tr '\t' ','
  fi
}

# The controller only calls out (to AWS), so its group has no ingress rule: the API and admin ports are
# reached through ECS Exec or a load balancer you add, not from the internet.
ensure_security_group() {
  local vpc=$1 group
  group=$(aws ec2 describe-security-groups --filters "Name=vpc-id,Values=$vpc" "Name=group-name,Values=$name" \
    --query 'SecurityGroups[0].GroupId' --output text)
  if [ "$group" = "None" ] || [ -z "$group" ]; then
    say "creating security group $name in $vpc"
    group=$(aws ec2 create-security-group --group-name "$name" --vpc-id "$vpc" \
      --description "Tracefleet controller: egress only" \
      --tag-specifications "ResourceType=security-group,Tags=[{Key=$tag_key,Value=$name}]" \
      --query GroupId --output text)
  fi
  echo "$group"
}

# A task definition revision cannot change, so the hash of what it was registered from, kept as its tag,
# says whether the latest revision is already this one.
ensure_task_definition() {
  local definition hash current
  definition=$(render "$here/task-definition.json" | canonical)
  hash=$(sha256sum <<<"$definition" | cut -d' ' -f1)
  current=$(aws ecs describe-task-definition --task-definition "$name" --include TAGS \
    --query "[taskDefinition.taskDefinitionArn, tags[?key=='$hash_tag'].value | [0]]" --output text \
    2>/dev/null || true)
  if [ "$(cut -f2 <<<"$current")" = "$hash" ]; then
    cut -f1 <<<"$current"
    return
  fi
  say "registering task definition $name"
  aws ecs register-task-definition --cli-input-json "$definition" \
    --tags "key=$tag_key,value=$name" "key=$hash_tag,value=$hash" \
    --query taskDefinition.taskDefinitionArn --output text
}

# One task at a time: minimum healthy 0 % and maximum 100 % stop the old controller before the new one
# starts, so two controllers never write at once.
ensure_service() {
  local task_definition=$1 subnets=$2 group=$3 current
  current=$(aws ecs describe-services --cluster "$cluster" --services "$name" \
    --query "services[?status=='ACTIVE'] | [0].[taskDefinition, desiredCount, deploymentConfiguration.minimumHealthyPercent, deploymentConfiguration.maximumPercent]" \
    --output text)
  if [ "$current" = "None" ] || [ -z "$current" ]; then
    say "creating service $name"
    aws ecs create-service --cluster "$cluster" --service-name "$name" --task-definition "$task_definition" \
      --desired-count 1 --launch-type FARGATE \
      --deployment-configuration "minimumHealthyPercent=0,maximumPercent=100" \
      --network-configuration "awsvpcConfiguration={subnets=[$subnets],securityGroups=[$group],assignPublicIp=$assign_public_ip}" \
      --tags "key=$tag_key,value=$name" >/dev/null
    return
  fi
  local actual_definition actual_count actual_min actual_max
  read -r actual_definition actual_count actual_min actual_max <<<"$current"
  # A deployment configuration AWS does not report (None) is unknown, not different.
  if [ "$actual_definition" != "$task_definition" ] || [ "$actual_count" != "1" ] \
      || { [ "$actual_min" != "None" ] && [ "$actual_min" != "0" ]; } \
      || { [ "$actual_max" != "None" ] && [ "$actual_max" != "100" ]; }; then
    say "updating service $name"
    aws ecs update-service --cluster "$cluster" --service "$name" --task-definition "$task_definition" \
      --desired-count 1 --deployment-configuration "minimumHealthyPercent=0,maximumPercent=100" >/dev/null
  fi
}

account=$(aws sts get-caller-identity --query Account --output text)
say "account $account, region $region, cluster $cluster"

ensure_log_group
ensure_role "$task_role" "$here/task-role-trust-policy.json"
ensure_inline_policy "$task_role" "$name" "$here/task-role-policy.json"
ensure_role "$execution_role" "$here/execution-role-trust-policy.json"
ensure_attached_policy "$execution_role" "$execution_policy_arn"
keys_secret_arn=$(ensure_ownership_keys)
ensure_inline_policy "$execution_role" "${name}-secrets" "$here/execution-role-secrets-policy.json"
ensure_lease_table
ensure_cluster
vpc=$(vpc_id)
subnets=$(subnet_ids "$vpc")
group=$(ensure_security_group "$vpc")
task_definition=$(ensure_task_definition)
ensure_service "$task_definition" "$subnets" "$group"
say "done: service $name on cluster $cluster runs $task_definition"
