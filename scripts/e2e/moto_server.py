"""moto's server (the AWS emulator `npm run e2e` applies the stacks to), with the behaviours of
AWS that moto 5.2.5 lacks and the AWS provider needs to create, read and delete the stacks'
resources. docs/testing.md, "Testing against an AWS emulator", lists each one and what it
means for what the run proves.

Usage: python moto_server.py -H 127.0.0.1 -p PORT   (the arguments of moto_server)
"""

import json
import re
import uuid
from datetime import datetime, timezone
from typing import Any

from moto import server
from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse
from moto.cloudfront import urls as cloudfront_urls
from moto.cloudfront.exceptions import CloudFrontException
from moto.cloudfront.responses import CloudFrontResponse
from moto.core.responses import ActionResult, EmptyResult
from moto.dynamodb.exceptions import DeletionProtectedException, MockValidationException
from moto.elasticache.exceptions import CacheSubnetGroupNotFound, ElastiCacheException
from moto.elasticache.models import CacheCluster, ElastiCacheBackend
from moto.elasticache.responses import ElastiCacheResponse
from moto.rds.models import DBInstance
from moto.s3.models import FakeBucket
from moto.secretsmanager.models import SecretsManagerBackend
from moto.stepfunctions.responses import StepFunctionResponse


class UserGroupNotFound(ElastiCacheException):
    code = "UserGroupNotFound"

    def __init__(self, user_group_id: str):
        super().__init__(f"User group {user_group_id} not found.")


class UserGroupAlreadyExists(ElastiCacheException):
    code = "UserGroupAlreadyExists"

    def __init__(self, user_group_id: str):
        super().__init__(f"User group {user_group_id} already exists.")


# ElastiCache Redis user groups (CreateUserGroup, DescribeUserGroups, ModifyUserGroup,
# DeleteUserGroup) are not implemented at all; here a group keeps its users (which must exist),
# engine and tags, and lists the replication groups that use it.
def _user_groups(backend: ElastiCacheBackend) -> dict[str, dict[str, Any]]:
    if not hasattr(backend, "user_groups"):
        backend.user_groups = {}  # type: ignore[attr-defined]
    return backend.user_groups  # type: ignore[attr-defined]


def _described(backend: ElastiCacheBackend, group: dict[str, Any]) -> dict[str, Any]:
    using = [rg.replication_group_id for rg in backend.replication_groups.values() if group["UserGroupId"] in rg.user_group_ids]
    return {**group, "ReplicationGroups": using}


def _group(backend: ElastiCacheBackend, user_group_id: str) -> dict[str, Any]:
    group = _user_groups(backend).get(user_group_id)
    if group is None:
        raise UserGroupNotFound(user_group_id)
    return group


def create_user_group(self: ElastiCacheResponse) -> ActionResult:
    params = self._get_params()
    backend = self.elasticache_backend
    user_group_id = params["UserGroupId"]
    if user_group_id in _user_groups(backend):
        raise UserGroupAlreadyExists(user_group_id)
    for user_id in params.get("UserIds", []):
        backend.describe_users(user_id=user_id)  # raises UserNotFound, as AWS does
    group = {
        "UserGroupId": user_group_id,
        "Status": "active",
        "Engine": params.get("Engine", "redis").lower(),
        "UserIds": list(params.get("UserIds", [])),
        "MinimumEngineVersion": "6.0",
        "ARN": f"arn:aws:elasticache:{backend.region_name}:{backend.account_id}:usergroup:{user_group_id}",
    }
    _user_groups(backend)[user_group_id] = group
    if params.get("Tags"):
        backend.tagging_service.tag_resource(group["ARN"], params["Tags"])
    return ActionResult(_described(backend, group))


def describe_user_groups(self: ElastiCacheResponse) -> ActionResult:
    backend = self.elasticache_backend
    user_group_id = self._get_param("UserGroupId")
    groups = [_group(backend, user_group_id)] if user_group_id else list(_user_groups(backend).values())
    return ActionResult({"UserGroups": [_described(backend, g) for g in groups]})


def modify_user_group(self: ElastiCacheResponse) -> ActionResult:
    params = self._get_params()
    backend = self.elasticache_backend
    group = _group(backend, params["UserGroupId"])
    removed = set(params.get("UserIdsToRemove", []))
    group["UserIds"] = [u for u in group["UserIds"] if u not in removed] + [
        u for u in params.get("UserIdsToAdd", []) if u not in group["UserIds"]
    ]
    return ActionResult(_described(backend, group))


def delete_user_group(self: ElastiCacheResponse) -> ActionResult:
    backend = self.elasticache_backend
    group = _group(backend, self._get_param("UserGroupId"))
    del _user_groups(backend)[group["UserGroupId"]]
    return ActionResult({**_described(backend, group), "Status": "deleting"})


# DeleteCacheSubnetGroup is not implemented.
def delete_cache_subnet_group(self: ElastiCacheResponse) -> EmptyResult:
    name = self._get_param("CacheSubnetGroupName")
    if self.elasticache_backend.cache_subnet_groups.pop(name, None) is None:
        raise CacheSubnetGroupNotFound(name)
    return EmptyResult()


_original_init = ElastiCacheBackend.__init__


def init(self: ElastiCacheBackend, region_name: str, account_id: str) -> None:
    _original_init(self, region_name, account_id)
    # Tags of user groups too (ListTagsForResource checks the ARN's resource type).
    self.arn_regex = re.compile(r"^arn:aws:elasticache:.*:[0-9]*:(cluster|snapshot|subnetgroup|replicationgroup|user|usergroup):.*$")


# A replication group's member clusters (`<group>-001`, ...) are listed by the group but cannot be
# described with DescribeCacheClusters, which the provider reads after creating the group: here
# they exist from the group's creation to its deletion. A deleted group is gone (moto leaves it
# "deleting" forever, so `terraform destroy` would wait for it until its timeout).
_original_create_replication_group = ElastiCacheBackend.create_replication_group
_original_delete_replication_group = ElastiCacheBackend.delete_replication_group
_CLUSTER_ARGUMENTS = [
    "az_mode", "preferred_availability_zone", "num_cache_nodes", "engine_version", "cache_parameter_group_name",
    "cache_subnet_group_name", "transit_encryption_enabled", "network_type", "ip_discovery", "snapshot_name",
    "preferred_maintenance_window", "port", "notification_topic_arn", "auto_minor_version_upgrade",
    "snapshot_retention_limit", "snapshot_window", "auth_token", "outpost_mode", "preferred_outpost_arn",
    "preferred_availability_zones", "cache_security_group_names", "security_group_ids", "tags", "snapshot_arns",
    "preferred_outpost_arns", "cache_node_ids_to_remove", "cache_node_ids_to_reboot",
]


def create_replication_group(self: ElastiCacheBackend, **kwargs: Any) -> Any:
    group = _original_create_replication_group(self, **kwargs)
    for cluster_id in group.member_clusters:
        arguments: dict[str, Any] = {name: kwargs.get(name) for name in _CLUSTER_ARGUMENTS}
        arguments.update(
            cache_cluster_id=cluster_id,
            replication_group_id=group.replication_group_id,
            cache_node_type=kwargs["cache_node_type"],
            engine=kwargs.get("engine") or "redis",
            log_delivery_configurations=[],
        )
        cluster = CacheCluster(self.account_id, self.region_name, **arguments)
        # The provider reads these two from the primary cluster.
        cluster.at_rest_encryption_enabled = bool(kwargs.get("at_rest_encryption_enabled"))
        cluster.security_groups = [{"SecurityGroupId": g, "Status": "active"} for g in kwargs.get("security_group_ids") or []]
        self.cache_clusters[cluster_id] = cluster
    return group


def delete_replication_group(self: ElastiCacheBackend, replication_group_id: str, retain_primary_cluster: Any) -> Any:
    members = list(self.describe_replication_groups(replication_group_id)[0].member_clusters)
    group = _original_delete_replication_group(self, replication_group_id, retain_primary_cluster)
    for cluster_id in members:
        self.cache_clusters.pop(cluster_id, None)
    del self.replication_groups[replication_group_id]
    return group


ElastiCacheBackend.__init__ = init  # type: ignore[method-assign]
ElastiCacheResponse.delete_cache_subnet_group = delete_cache_subnet_group  # type: ignore[attr-defined]
ElastiCacheResponse.create_user_group = create_user_group  # type: ignore[attr-defined]
ElastiCacheResponse.describe_user_groups = describe_user_groups  # type: ignore[attr-defined]
ElastiCacheResponse.modify_user_group = modify_user_group  # type: ignore[attr-defined]
ElastiCacheResponse.delete_user_group = delete_user_group  # type: ignore[attr-defined]
ElastiCacheBackend.create_replication_group = create_replication_group  # type: ignore[method-assign]
ElastiCacheBackend.delete_replication_group = delete_replication_group  # type: ignore[method-assign]



# Application Auto Scaling: moto keeps no tags, and the provider reads a scalable target's tags
# (the stack's default tags) after creating it.
def _autoscaling_tags(self: ApplicationAutoScalingResponse) -> dict[str, dict[str, str]]:
    backend = self.applicationautoscaling_backend
    if not hasattr(backend, "tags_by_arn"):
        backend.tags_by_arn = {}  # type: ignore[attr-defined]
    return backend.tags_by_arn  # type: ignore[attr-defined]


_original_register_scalable_target = ApplicationAutoScalingResponse.register_scalable_target


def register_scalable_target(self: ApplicationAutoScalingResponse) -> str:
    body = _original_register_scalable_target(self)
    arn = json.loads(body)["ScalableTargetARN"]
    _autoscaling_tags(self).setdefault(arn, {}).update(self._get_param("Tags") or {})
    return body


def list_tags_for_resource(self: ApplicationAutoScalingResponse) -> str:
    return json.dumps({"Tags": _autoscaling_tags(self).get(self._get_param("ResourceARN"), {})})


def tag_resource(self: ApplicationAutoScalingResponse) -> str:
    _autoscaling_tags(self).setdefault(self._get_param("ResourceARN"), {}).update(self._get_param("Tags") or {})
    return "{}"


def untag_resource(self: ApplicationAutoScalingResponse) -> str:
    tags = _autoscaling_tags(self).get(self._get_param("ResourceARN"), {})
    for key in self._get_param("TagKeys") or []:
        tags.pop(key, None)
    return "{}"


ApplicationAutoScalingResponse.register_scalable_target = register_scalable_target  # type: ignore[method-assign]
ApplicationAutoScalingResponse.list_tags_for_resource = list_tags_for_resource  # type: ignore[attr-defined]
ApplicationAutoScalingResponse.tag_resource = tag_resource  # type: ignore[attr-defined]
ApplicationAutoScalingResponse.untag_resource = untag_resource  # type: ignore[attr-defined]


# Step Functions: moto has no Amazon States Language validator; the provider asks for one before
# creating a state machine. The emulator answers OK: the definition is not validated here.
def validate_state_machine_definition(self: StepFunctionResponse) -> str:
    return json.dumps({"result": "OK", "diagnostics": [], "truncated": False})


# moto has no state machine versions; the provider lists them after creating a state machine.
# The stacks publish none (no `publish`), so AWS's answer is the empty list.
def list_state_machine_versions(self: StepFunctionResponse) -> str:
    self.stepfunction_backend.describe_state_machine(self._get_param("stateMachineArn"))  # raises StateMachineDoesNotExist
    return json.dumps({"stateMachineVersions": []})


StepFunctionResponse.validate_state_machine_definition = validate_state_machine_definition  # type: ignore[attr-defined]
StepFunctionResponse.list_state_machine_versions = list_state_machine_versions  # type: ignore[attr-defined]

# Secrets Manager: CancelRotateSecret refuses a secret rotated without a Lambda function of its
# own, such as the RDS-managed master password's secret; AWS cancels its rotation.
_original_cancel_rotate_secret = SecretsManagerBackend.cancel_rotate_secret


def cancel_rotate_secret(self: SecretsManagerBackend, secret_id: str) -> str:
    if self._is_valid_identifier(secret_id) and not self.secrets[secret_id].rotation_lambda_arn:
        secret = self.secrets[secret_id]
        secret.rotation_enabled = False
        return secret.to_short_dict()
    return _original_cancel_rotate_secret(self, secret_id)


SecretsManagerBackend.cancel_rotate_secret = cancel_rotate_secret  # type: ignore[method-assign]

# RDS: an instance created without a CA certificate gets AWS's default CA for new instances,
# rds-ca-rsa2048-g1 (AWS RDS User Guide, "Certificate authorities"), not moto's retired
# rds-ca-default. The provider compares the create response with the stack's ca_cert_identifier
# and, when they differ, modifies the instance and waits again (80 s more per database).
_AWS_DEFAULT_CA = "rds-ca-rsa2048-g1"
_original_db_instance_init = DBInstance.__init__


def db_instance_init(self: DBInstance, *args: Any, **kwargs: Any) -> None:
    _original_db_instance_init(self, *args, **{"ca_certificate_identifier": _AWS_DEFAULT_CA, **kwargs})


DBInstance.__init__ = db_instance_init  # type: ignore[method-assign]

# DynamoDB: DeleteTable on a table with deletion protection is refused with AWS's message, which
# docs/teardown.md shows ("Resource cannot be deleted as it is currently protected against
# deletion. Disable deletion protection first."), not moto's own wording.
def deletion_protected_init(self: DeletionProtectedException, table_name: str) -> None:
    MockValidationException.__init__(self, "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.")


DeletionProtectedException.__init__ = deletion_protected_init  # type: ignore[method-assign]

# S3: PutBucketLogging checks the target bucket's policy for the logging service with exact
# resource strings only (`<bucket>/<prefix>*`, `<bucket>/*`), narrower than AWS's policy
# evaluation (the stacks grant `<log bucket>/s3/*` for the prefix `s3/artifacts/`). The emulator
# does not check it; the jest tests assert the log bucket's policy.
FakeBucket._log_permissions_enabled_policy = staticmethod(lambda target_bucket, target_prefix: True)  # type: ignore[method-assign]

# CloudFront response headers policies (Create, Get, GetConfig, Update, Delete, List) are not
# implemented; here a policy keeps its configuration, with an ETag that changes on update.
def _headers_policies(self: CloudFrontResponse) -> dict[str, dict[str, Any]]:
    backend = self.backend
    if not hasattr(backend, "response_headers_policies"):
        backend.response_headers_policies = {}  # type: ignore[attr-defined]
    return backend.response_headers_policies  # type: ignore[attr-defined]


def _headers_policy(self: CloudFrontResponse) -> dict[str, Any]:
    policy = _headers_policies(self).get(self._get_param("Id"))
    if policy is None:
        raise CloudFrontException("NoSuchResponseHeadersPolicy", "The response headers policy does not exist.")
    return policy


def _headers_policy_result(policy: dict[str, Any], config_only: bool = False) -> ActionResult:
    if config_only:
        return ActionResult({"ResponseHeadersPolicyConfig": policy["config"], "ETag": policy["etag"]})
    described = {"Id": policy["id"], "LastModifiedTime": policy["modified"], "ResponseHeadersPolicyConfig": policy["config"]}
    return ActionResult({"ResponseHeadersPolicy": described, "ETag": policy["etag"], "Location": f"https://cloudfront.amazonaws.com/2020-05-31/response-headers-policy/{policy['id']}"})


def create_response_headers_policy(self: CloudFrontResponse) -> ActionResult:
    config = self._get_param("ResponseHeadersPolicyConfig", {})
    if any(p["config"].get("Name") == config.get("Name") for p in _headers_policies(self).values()):
        raise CloudFrontException("ResponseHeadersPolicyAlreadyExists", "A response headers policy with this name already exists.")
    policy_id = str(uuid.uuid4())
    policy = {"id": policy_id, "config": config, "etag": uuid.uuid4().hex[:14].upper(), "modified": datetime.now(timezone.utc)}
    _headers_policies(self)[policy_id] = policy
    return _headers_policy_result(policy)


def get_response_headers_policy(self: CloudFrontResponse) -> ActionResult:
    return _headers_policy_result(_headers_policy(self))


def get_response_headers_policy_config(self: CloudFrontResponse) -> ActionResult:
    return _headers_policy_result(_headers_policy(self), config_only=True)


def update_response_headers_policy(self: CloudFrontResponse) -> ActionResult:
    policy = _headers_policy(self)
    policy.update(config=self._get_param("ResponseHeadersPolicyConfig", {}), etag=uuid.uuid4().hex[:14].upper(), modified=datetime.now(timezone.utc))
    return _headers_policy_result(policy)


def delete_response_headers_policy(self: CloudFrontResponse) -> EmptyResult:
    del _headers_policies(self)[_headers_policy(self)["id"]]
    return EmptyResult()


def list_response_headers_policies(self: CloudFrontResponse) -> ActionResult:
    items = [{"Type": "custom", "ResponseHeadersPolicy": {"Id": p["id"], "LastModifiedTime": p["modified"], "ResponseHeadersPolicyConfig": p["config"]}} for p in _headers_policies(self).values()]
    return ActionResult({"ResponseHeadersPolicyList": {"MaxItems": 100, "Quantity": len(items), "Items": items}})


for _function in [
    create_response_headers_policy,
    get_response_headers_policy,
    get_response_headers_policy_config,
    update_response_headers_policy,
    delete_response_headers_policy,
    list_response_headers_policies,
]:
    setattr(CloudFrontResponse, _function.__name__, _function)
cloudfront_urls.url_paths.update(
    {
        "{0}/2020-05-31/response-headers-policy$": CloudFrontResponse.dispatch,
        "{0}/2020-05-31/response-headers-policy/(?P<Id>[^/]+)$": CloudFrontResponse.dispatch,
        "{0}/2020-05-31/response-headers-policy/(?P<Id>[^/]+)/config$": CloudFrontResponse.dispatch,
    }
)

if __name__ == "__main__":
    server.main()
