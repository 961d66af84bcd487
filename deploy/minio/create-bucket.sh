#!/bin/sh
# One-shot job of docker-compose.yml (service `minio-bucket`, image minio/mc): the private
# bucket for stored sitrep PDFs and the app's own MinIO user, allowed only that bucket.
# Idempotent: run at every `docker compose up`, it changes nothing the second time except the
# app user's secret (set again from .env, so rotating S3_SECRET_KEY in .env works).
# Needs MINIO_ROOT_USER, MINIO_ROOT_PASSWORD, S3_BUCKET, S3_ACCESS_KEY, S3_SECRET_KEY.
set -eu

endpoint="${MINIO_ENDPOINT:-http://minio:9000}"
policy="${S3_BUCKET}-app"
policy_file="/tmp/$policy.json"

mc alias set crisis "$endpoint" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD"
mc mb --ignore-existing "crisis/$S3_BUCKET"
# Sitreps carry TLP labels: never readable without a signature, served only through the app.
mc anonymous set none "crisis/$S3_BUCKET"

cat > "$policy_file" <<JSON
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow",
     "Action": ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
     "Resource": ["arn:aws:s3:::$S3_BUCKET"]},
    {"Effect": "Allow",
     "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject",
                "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
     "Resource": ["arn:aws:s3:::$S3_BUCKET/*"]}
  ]
}
JSON
mc admin policy create crisis "$policy" "$policy_file"
mc admin user add crisis "$S3_ACCESS_KEY" "$S3_SECRET_KEY"
# Attaching a policy that is already attached is an error for mc: that is the second run (the
# user and the policy were both just written, so nothing else can fail here).
mc admin policy attach crisis "$policy" --user "$S3_ACCESS_KEY" \
  || echo "policy $policy was already attached to $S3_ACCESS_KEY"
rm -f "$policy_file"
echo "bucket $S3_BUCKET ready for $S3_ACCESS_KEY"
