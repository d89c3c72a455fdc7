"""The guide's app, reduced to how it connects to its database and cache.

It reads only what the container gets: DATABASE_URL (libpq reads PGUSER and PGPASSWORD by itself),
REDIS_URL, and with cache.auth iam REDIS_USERNAME, REDIS_REPLICATION_GROUP_ID and AWS_REGION.
npm run contract (scripts/contract.ts) runs it with the environment of the synthesized task
definition, resolved to local servers. Prints one line per check, then "N passed, N failed";
exits 1 when a check failed.

Usage: app_contract.py [--expect-token-for <replication group id> <user>]
"""

import os
import secrets
import sys
import urllib.parse

import botocore.model
import botocore.session
import botocore.signers
import psycopg
import redis


class ElastiCacheIamProvider(redis.CredentialProvider):
    """cache.auth iam: an IAM token for each new connection, a SigV4-presigned `connect` request
    for the replication group and user, signed with the task role's credentials, valid 15 minutes."""

    def __init__(self, user: str, replication_group_id: str, region: str):
        self.user = user
        self.replication_group_id = replication_group_id
        self.region = region
        session = botocore.session.get_session()
        self.signer = botocore.signers.RequestSigner(
            botocore.model.ServiceId("elasticache"), region, "elasticache", "v4",
            session.get_credentials(), session.get_component("event_emitter"),
        )

    def token(self) -> str:
        query = urllib.parse.urlencode({"Action": "connect", "User": self.user})
        request = {"method": "GET", "url": f"https://{self.replication_group_id}/?{query}", "body": {}, "headers": {}, "context": {}}
        url = self.signer.generate_presigned_url(request, operation_name="connect", expires_in=900, region_name=self.region)
        return url.removeprefix("https://")

    def get_credentials(self):
        return self.user, self.token()


def redis_client() -> redis.Redis:
    """As the app opens Redis: REDIS_URL alone, plus the IAM token provider when a user is named."""
    user = os.environ.get("REDIS_USERNAME")
    if user is None:
        return redis.from_url(os.environ["REDIS_URL"])
    provider = ElastiCacheIamProvider(user, os.environ["REDIS_REPLICATION_GROUP_ID"], os.environ["AWS_REGION"])
    return redis.from_url(os.environ["REDIS_URL"], credential_provider=provider)


VALUE = secrets.token_hex(8)


def database() -> str:
    with psycopg.connect(os.environ["DATABASE_URL"], connect_timeout=10) as connection:
        connection.execute("CREATE TABLE IF NOT EXISTS contract_check (id text PRIMARY KEY, value text NOT NULL)")
        connection.execute(
            "INSERT INTO contract_check VALUES ('row', %s) ON CONFLICT (id) DO UPDATE SET value = EXCLUDED.value", (VALUE,)
        )
        (read,) = connection.execute("SELECT value FROM contract_check WHERE id = 'row'").fetchone()
        assert read == VALUE, f"read {read!r}, wrote {VALUE!r}"
        assert connection.pgconn.ssl_in_use, "the connection is not encrypted"
        return f"wrote and read one row over TLS as {connection.info.user} in {connection.info.dbname}"


def cache() -> str:
    client = redis_client()
    try:
        client.set("contract:key", VALUE, ex=60)
        read = client.get("contract:key")
        assert read == VALUE.encode(), f"read {read!r}, wrote {VALUE!r}"
        return f"wrote and read one key over TLS as {client.acl_whoami()}"
    finally:
        client.close()


def token_for(replication_group_id: str, user: str):
    def check() -> str:
        provider = ElastiCacheIamProvider(os.environ["REDIS_USERNAME"], os.environ["REDIS_REPLICATION_GROUP_ID"], os.environ["AWS_REGION"])
        url = urllib.parse.urlsplit("https://" + provider.token())
        query = dict(urllib.parse.parse_qsl(url.query))
        credential = query.get("X-Amz-Credential", "").split("/")
        got = {
            "host": url.hostname,
            "Action": query.get("Action"),
            "User": query.get("User"),
            "algorithm": query.get("X-Amz-Algorithm"),
            "scope": credential[2:],
            "expires": query.get("X-Amz-Expires"),
            "signed": len(query.get("X-Amz-Signature", "")) == 64,
        }
        wanted = {
            "host": replication_group_id,
            "Action": "connect",
            "User": user,
            "algorithm": "AWS4-HMAC-SHA256",
            "scope": [os.environ["AWS_REGION"], "elasticache", "aws4_request"],
            "expires": "900",
            "signed": True,
        }
        assert got == wanted, f"token {got} is not {wanted}"
        return f"presigned connect for {user} on {replication_group_id}"

    return check


def main(argv: list[str]) -> int:
    checks = [("PostgreSQL from DATABASE_URL", database), ("Redis from REDIS_URL", cache)]
    if argv[:1] == ["--expect-token-for"]:
        checks.append(("IAM token", token_for(argv[1], argv[2])))
    passed = failed = 0
    for name, check in checks:
        try:
            print(f"ok   {name}: {check()}")
            passed += 1
        except Exception as error:  # every failure is a result to print, not a crash
            print(f"FAIL {name}: {type(error).__name__}: {error}".rstrip())
            failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
