"""File storage on S3 (or any S3-compatible service) through boto3."""

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from ownverso.adapters.storage import safe_key
from ownverso.services.ports import FileStorage, StoredFile


class S3FileStorage(FileStorage):
    def __init__(self, *, bucket: str, region: str | None = None, endpoint_url: str | None = None,
                 access_key: str | None = None, secret_key: str | None = None,
                 public_base_url: str | None = None, prefix: str = ""):
        self.bucket, self.prefix = bucket, prefix.strip("/")
        self.client = boto3.client(
            "s3", region_name=region, endpoint_url=endpoint_url, aws_access_key_id=access_key,
            aws_secret_access_key=secret_key,
            config=Config(retries={"max_attempts": 3, "mode": "standard"}),
        )
        base = public_base_url or f"{endpoint_url or 'https://s3.amazonaws.com'}/{bucket}"
        self.public_base_url = base.rstrip("/")

    def _key(self, key: str) -> str:
        key = safe_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def save(self, key: str, data: bytes, *, content_type: str) -> StoredFile:
        self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data,
                               ContentType=content_type)
        return StoredFile(key=key, size=len(data), content_type=content_type, url=self.url(key))

    def read(self, key: str) -> bytes:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"].read()
        except ClientError as error:
            if error.response["Error"]["Code"] in ("NoSuchKey", "404"):
                raise FileNotFoundError(key) from error
            raise

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as error:
            if error.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def url(self, key: str) -> str:
        return f"{self.public_base_url}/{self._key(key)}"

    def object_key(self, key: str) -> str:
        """The object's key in the bucket, prefix included (for presigned requests)."""
        return self._key(key)

    def ping(self) -> None:
        self.client.head_bucket(Bucket=self.bucket)
