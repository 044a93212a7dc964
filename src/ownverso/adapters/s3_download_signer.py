"""Signed download links straight from S3: a presigned ``GetObject`` (Signature Version 4)
whose signed query makes S3 answer the object as an attachment, privately and uncached
(``response-content-disposition``, ``-content-type``, ``-cache-control``). S3 checks the
signature and the expiry; the app serves nothing."""

import boto3
from botocore.config import Config

from ownverso.adapters.s3_storage import S3FileStorage
from ownverso.domain.commerce.downloads import attachment
from ownverso.services.ports import DownloadGrant, DownloadLinkSigner, InvalidDownloadLink


class S3DownloadSigner(DownloadLinkSigner):
    """Signs for the bucket (and key prefix) of ``storage``, with the same credentials."""

    def __init__(self, storage: S3FileStorage, *, region: str | None = None,
                 endpoint_url: str | None = None, access_key: str | None = None,
                 secret_key: str | None = None):
        self.storage = storage
        self.client = boto3.client(
            "s3", region_name=region, endpoint_url=endpoint_url, aws_access_key_id=access_key,
            aws_secret_access_key=secret_key, config=Config(signature_version="s3v4"))

    def download_url(self, *, key: str, filename: str, content_type: str,
                     expires_in: int) -> str:
        return self.client.generate_presigned_url(
            "get_object", ExpiresIn=int(expires_in),
            Params={"Bucket": self.storage.bucket, "Key": self.storage.object_key(key),
                    "ResponseContentDisposition": attachment(filename),
                    "ResponseContentType": content_type,
                    "ResponseCacheControl": "private, no-store"})

    def verify(self, token: str) -> DownloadGrant:
        raise InvalidDownloadLink("Downloads come straight from S3; the app signs no links.")
