"""Golden scenarios for storage, content delivery and databases (issue 11, §3): each rule fires on
the situation it is for and stays silent on the look-alike the exam contrasts it with."""

from __future__ import annotations

import pytest


def fired(engine, answers) -> set[str]:
    return {c.rule.id for c in engine.evaluate(answers).conclusions}


@pytest.mark.parametrize("answers, must, must_not", [
    # availability is Multi-AZ; read load is replicas and a cache
    ({"db_survive_az_loss": True}, {"rds-multi-az-for-availability", "no-read-replica-for-availability"}, {"read-replicas-for-read-load"}),
    ({"db_read_heavy": True}, {"read-replicas-for-read-load", "cache-repeated-reads"}, {"rds-multi-az-for-availability"}),
    ({"db_survive_az_loss": False, "db_read_heavy": False}, set(), {"rds-multi-az-for-availability", "read-replicas-for-read-load"}),
    ({"db_connection_surge": True}, {"rds-proxy-connection-pooling"}, set()),
    ({"db_connection_surge": False}, set(), {"rds-proxy-connection-pooling"}),
    ({"db_cross_region_dr": True}, {"aurora-global-database-dr"}, {"rds-multi-az-for-availability"}),
    ({"db_intermittent_load": True}, {"aurora-serverless-for-variable-load"}, set()),
    ({"data_model": "key-value"}, {"key-value-dynamodb"}, {"relational-rds"}),
    ({"data_model": "relational"}, {"relational-rds"}, {"key-value-dynamodb"}),
    ({"data_model": "key-value", "multi_region": True}, {"dynamodb-global-tables-multi-region"}, set()),
    ({"data_model": "key-value", "multi_region": False}, set(), {"dynamodb-global-tables-multi-region"}),
    ({"data_model": "relational", "multi_region": True}, set(), {"dynamodb-global-tables-multi-region"}),
    ({"db_idle_long": True}, {"snapshot-idle-database"}, set()),
    ({"db_os_access": True}, {"rds-custom-privileged-access"}, set()),
    ({"db_os_access": False}, set(), {"rds-custom-privileged-access"}),
    ({"db_encrypt_existing": True}, {"rds-encrypt-via-snapshot-copy"}, set()),
    ({"db_encrypt_existing": False}, set(), {"rds-encrypt-via-snapshot-copy"}),
])
def test_database_rules(engine, answers, must, must_not):
    got = fired(engine, answers)
    assert must <= got and not (must_not & got)


@pytest.mark.parametrize("answers, must, must_not", [
    ({"s3_access_frequency": "rare-immediate", "data_recreatable": False},
     {"s3-standard-ia-for-rare-reads", "no-one-zone-for-irreplaceable"}, {"s3-one-zone-ia-for-recreatable"}),
    ({"s3_access_frequency": "rare-immediate", "data_recreatable": True},
     {"s3-one-zone-ia-for-recreatable"}, {"s3-standard-ia-for-rare-reads", "no-one-zone-for-irreplaceable"}),
    ({"s3_access_frequency": "archive"}, {"s3-glacier-for-archives"}, {"s3-standard-ia-for-rare-reads"}),
    ({"s3_access_frequency": "unknown"}, {"s3-intelligent-tiering-unknown-access"}, {"s3-glacier-for-archives"}),
    ({"s3_access_frequency": "frequent"}, set(), {"s3-standard-ia-for-rare-reads", "s3-glacier-for-archives"}),
    ({"deletion_protection": "recoverable"}, {"s3-versioning-for-recovery"}, {"s3-object-lock-compliance"}),
    ({"deletion_protection": "immutable"}, {"s3-object-lock-compliance"}, {"s3-versioning-for-recovery"}),
    ({"process_on_upload": True}, {"s3-event-notification-trigger"}, set()),
    ({"client_direct_upload": True}, {"s3-presigned-url-uploads"}, set()),
    ({"upload_long_distance": True, "object_size_gb": 5}, {"large-uploads-multipart", "large-uploads-transfer-acceleration"}, set()),
    ({"upload_long_distance": True, "object_size_gb": 0.01}, set(), {"large-uploads-multipart"}),
    ({"upload_long_distance": False, "object_size_gb": 5}, set(), {"large-uploads-multipart"}),
    ({"s3_encryption_at_rest": True}, {"s3-default-encryption-at-rest"}, set()),
])
def test_s3_rules(engine, answers, must, must_not):
    got = fired(engine, answers)
    assert must <= got and not (must_not & got)


@pytest.mark.parametrize("answers, must, must_not", [
    ({"private_content": True}, {"cloudfront-origin-access-control", "no-public-bucket-for-private-content", "cloudfront-signed-access"}, set()),
    ({"private_content": False}, set(), {"cloudfront-origin-access-control", "no-public-bucket-for-private-content"}),
    ({"stale_after_deploy": True}, {"cloudfront-invalidate-on-deploy"}, set()),
    # static content in several Regions: CloudFront origin failover over replicated buckets
    ({"static_content": True, "multi_region": True}, {"static-multi-region-origin-failover"}, set()),
    ({"static_content": False, "multi_region": True}, set(), {"static-multi-region-origin-failover"}),
    ({"static_content": True}, {"cloudfront-https-and-edge-code"}, set()),
])
def test_cloudfront_rules(engine, answers, must, must_not):
    got = fired(engine, answers)
    assert must <= got and not (must_not & got)


@pytest.mark.parametrize("answers, must, must_not", [
    ({"shared_file_storage": "linux-nfs"}, {"shared-linux-files-efs"}, {"shared-windows-files-fsx", "hpc-files-fsx-lustre"}),
    ({"shared_file_storage": "windows-smb"}, {"shared-windows-files-fsx"}, {"shared-linux-files-efs"}),
    ({"shared_file_storage": "hpc"}, {"hpc-files-fsx-lustre"}, {"shared-linux-files-efs"}),
    ({"instance_store": True}, {"instance-store-temporary-only"}, set()),
    ({"data_transfer_mode": "online"}, {"online-transfer-datasync"}, {"offline-transfer-snowball", "hybrid-storage-gateway"}),
    ({"data_transfer_mode": "offline"}, {"offline-transfer-snowball"}, {"online-transfer-datasync"}),
    ({"data_transfer_mode": "hybrid"}, {"hybrid-storage-gateway"}, {"offline-transfer-snowball"}),
    ({"data_transfer_mode": "database"}, {"dms-database-replication"}, {"online-transfer-datasync"}),
    ({"block_storage_profile": "general"}, {"ebs-gp3-general"}, {"ebs-io2-databases", "ebs-st1-sequential"}),
    ({"block_storage_profile": "iops-database"}, {"ebs-io2-databases"}, {"ebs-gp3-general"}),
    ({"block_storage_profile": "sequential-throughput"}, {"ebs-st1-sequential"}, {"ebs-io2-databases"}),
])
def test_storage_and_transfer_rules(engine, answers, must, must_not):
    got = fired(engine, answers)
    assert must <= got and not (must_not & got)
