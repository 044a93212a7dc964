"""Presigned uploads straight to S3: a POST policy (``generate_presigned_post``, Signature
Version 4) that pins the key and the content type and caps the size with
``content-length-range``; S3 itself refuses what breaks it."""

import boto3
from botocore.config import Config

from ownverso.adapters.s3_storage import S3FileStorage
from ownverso.services.ports import InvalidUploadToken, UploadGrant, UploadSigner


class S3UploadSigner(UploadSigner):
    """Signs for the bucket (and key prefix) of ``storage``, with the same credentials."""

    def __init__(self, storage: S3FileStorage, *, region: str | None = None,
                 endpoint_url: str | None = None, access_key: str | None = None,
                 secret_key: str | None = None):
        self.storage = storage
        self.client = boto3.client(
            "s3", region_name=region, endpoint_url=endpoint_url, aws_access_key_id=access_key,
            aws_secret_access_key=secret_key, config=Config(signature_version="s3v4"))

    def presign_upload(self, key: str, *, content_type: str, max_bytes: int,
                       expires_in: int) -> dict:
        post = self.client.generate_presigned_post(
            Bucket=self.storage.bucket, Key=self.storage.object_key(key),
            Fields={"Content-Type": content_type},
            Conditions=[{"Content-Type": content_type},
                        ["content-length-range", 1, int(max_bytes)]],
            ExpiresIn=int(expires_in),
        )
        return {"url": post["url"], "method": "POST", "headers": {},
                "fields": dict(post["fields"])}

    def verify(self, token: str) -> UploadGrant:
        raise InvalidUploadToken("Uploads go straight to S3; the app signs no upload tokens.")
