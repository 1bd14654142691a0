"""Messaging, streaming and serverless knowledge (issue 11): the cold-start rule, and the claims that
judge what an option proposes in its situation, each with a case where it must speak and one where it
must stay silent, in English and Korean."""

from __future__ import annotations

import pytest

from advisor import kb as kbmod
from advisor.explain.scoring import claims_made

KB = kbmod.builtin()


# --- the cold-start rule (issue 11: "cold starts without provisioned concurrency"); where it fires and
# where not is in its [[rule.example]] tables (knowledge/rules/lambda-serverless.toml) -------------------

def test_the_rule_cites_the_concurrency_notes():
    rule = KB.rules["lambda-provisioned-concurrency"]
    assert {"lambda-provisioned-concurrency", "lambda-reserved-concurrency"} <= set(rule.notes)


# --- claims: (claim id, question, option) where it must be made, and where it must not ------------------

def made(option: str, question: str) -> set[str]:
    return {c.id for c in claims_made(KB, option, question)}


MUST = [
    ("sqs-raise-visibility-timeout-for-duplicates",
     "Workers need about three minutes per SQS message and the same message is often processed twice.",
     "Increase the visibility timeout of the queue."),
    ("sqs-raise-visibility-timeout-for-duplicates",
     "작업자가 SQS 메시지 하나를 처리하는 데 2분이 걸리고, 같은 메시지가 두 번 처리되는 일이 잦다.",
     "대기열의 가시성 타임아웃을 처리 시간보다 길게 늘린다."),
    ("sqs-long-polling-does-not-stop-duplicates",
     "Orders in the SQS queue are processed twice after a worker takes 90 seconds.",
     "Enable long polling with a 20-second wait time."),
    ("sqs-fifo-for-exactly-once-and-order",
     "Each payment must be processed exactly once and in order.",
     "Use an Amazon SQS FIFO queue with a message group per account."),
    ("sqs-fifo-for-exactly-once-and-order",
     "주문은 정확히 한 번만, 들어온 순서대로 처리되어야 한다.",
     "SQS FIFO 대기열을 사용한다."),
    ("sqs-dead-letter-queue-for-failing-messages",
     "A few malformed messages fail every time and keep returning to the SQS queue.",
     "Configure a dead-letter queue with maxReceiveCount set to 5."),
    ("sqs-delay-queue-postpones-new-messages",
     "Consumers must wait five minutes before they read each new message from the SQS queue.",
     "Set the queue's DelaySeconds to 300 to make it a delay queue."),
    ("sns-fan-out-to-sqs-queues",
     "세 시스템이 같은 주문 이벤트를 각각 독립적으로 처리해야 한다.",
     "SNS 주제에 게시하고 시스템마다 SQS 대기열을 구독시킨다."),
    ("kinesis-enhanced-fan-out-for-many-consumers",
     "Five consumer applications read one Kinesis data stream and their delay keeps growing.",
     "Register the consumers for enhanced fan-out."),
    ("kinesis-for-shared-replayable-streams",
     "여러 애플리케이션이 클릭스트림을 실시간으로 함께 읽고, 지난 24시간의 데이터를 다시 처리할 수 있어야 한다.",
     "Amazon Kinesis Data Streams"),
    ("firehose-has-no-consumer-applications",
     "Several applications must read the same records and replay them later.",
     "Replace the stream with Amazon Data Firehose."),
    ("lambda-provisioned-concurrency-removes-cold-starts",
     "Users see slow responses while new Lambda execution environments initialize (cold starts).",
     "Configure provisioned concurrency on the alias."),
    ("lambda-reserved-concurrency-does-not-warm",
     "Lambda cold starts make the first requests slow.",
     "Configure reserved concurrency on the function."),
    ("lambda-cannot-run-long-jobs",
     "The nightly job takes about 40 minutes and must be serverless.",
     "Run the job in an AWS Lambda function."),
    ("lambda-cannot-run-long-jobs",
     "야간 작업은 한 번에 약 30분이 걸린다.",
     "Lambda 함수로 작업을 실행한다."),
    ("dynamodb-on-demand-for-unknown-traffic",
     "DynamoDB 테이블의 트래픽을 전혀 예측할 수 없다.",
     "테이블을 온디맨드 용량 모드로 만든다."),
    ("sqs-buffers-writes-in-bursts",
     "During traffic spikes the database cannot keep up and orders are lost.",
     "Send the orders to an Amazon SQS queue and let workers write them to the database."),
    ("dax-for-microsecond-reads", "The DynamoDB workload is read-heavy and needs microsecond latency.",
     "Add a DynamoDB Accelerator (DAX) cluster."),
    ("dax-does-not-help-writes", "The function loads high volumes of data into the database and the writes are throttled.",
     "Provision a DAX cluster."),
    ("dynamodb-ttl-expires-items", "세션 항목은 24시간이 지나면 만료되어야 한다.", "DynamoDB 테이블에 TTL을 활성화한다."),
    ("sns-filter-policy-for-subsets", "The billing queue must receive only the events whose type is invoice from the SNS topic.",
     "Add a subscription filter policy to the billing subscription."),
    ("firehose-cannot-load-dynamodb", "Transactions must be stored for low-latency lookups.",
     "Stream the data into Amazon Data Firehose to store it in Amazon DynamoDB."),
    ("lambda-more-memory-more-cpu", "The Lambda function is CPU-bound and takes too long.", "Increase the memory of the function."),
    ("api-gateway-websocket-for-two-way", "The chat backend must push new messages to the browsers.",
     "Use an API Gateway WebSocket API."),
    ("dynamodb-streams-trigger-lambda", "DynamoDB 테이블에 새 항목이 추가될 때마다 함수를 실행해야 한다.",
     "DynamoDB 스트림을 켜고 Lambda 트리거를 연결한다."),
    ("idempotent-consumers-for-at-least-once", "The same SQS message is sometimes processed twice.",
     "Make the consumer idempotent."),
    # "without servers" is part of the proposal, not a negation of it
    ("fargate-for-long-serverless-jobs", "매일 밤 실행되는 작업은 한 번에 약 2시간이 걸린다.",
     "서버를 관리할 필요 없이 AWS Fargate에서 ECS 작업으로 실행한다."),
    ("firehose-for-managed-delivery", "Logs must be delivered to Amazon S3 with the least operational overhead.",
     "Send the logs to Amazon Data Firehose, which loads them into S3 without any consumer code."),
    ("lambda-async-failure-destination", "S3 invokes the Lambda function asynchronously and failed events are lost.",
     "Configure an on-failure destination for the function."),
    ("kinesis-partition-key-keeps-order", "Each device's readings in the Kinesis stream must be processed in order.",
     "Use the device ID as the partition key."),
    ("kinesis-retention-for-replay", "Kinesis 스트림의 지난 7일치 데이터를 다시 처리해야 한다.", "스트림의 보존 기간을 7일로 늘린다."),
    ("api-gateway-cache-for-repeated-requests",
     "Most calls to the API Gateway REST API are the same GET requests, and the company wants fewer Lambda invocations.",
     "Enable API caching on the stage."),
]

MUST_NOT = [
    # duplicates with no hint about processing time: the visibility timeout is not the evident fix
    ("sqs-raise-visibility-timeout-for-duplicates", "Orders in the standard queue were processed twice.",
     "Change the visibility timeout of the queue."),
    # lowering the visibility timeout makes duplicates worse
    ("sqs-raise-visibility-timeout-for-duplicates", "Each message takes 2 minutes and is processed twice.",
     "Decrease the visibility timeout to 10 seconds."),
    # the situation must be in the question, not in the option
    ("sqs-fifo-for-exactly-once-and-order", "Which queue should the team use?",
     "A FIFO queue, so that each order is processed exactly once."),
    # a negated proposal is not a proposal
    ("sqs-fifo-for-exactly-once-and-order", "Each payment must be processed exactly once.",
     "Do not use a FIFO queue."),
    # a shared queue is fine when only one service consumes it
    ("one-queue-shared-by-several-services", "A worker fleet processes uploaded images.",
     "Use a single SQS queue."),
    ("kinesis-for-shared-replayable-streams", "여러 애플리케이션이 실시간으로 데이터를 함께 읽어야 한다.",
     "Kinesis Data Streams를 Kinesis Data Firehose로 교체한다."),
    ("lambda-reserved-concurrency-does-not-warm",
     "The payment function is throttled when other functions use up the concurrency.",
     "Configure reserved concurrency on the payment function."),
    ("lambda-cannot-run-long-jobs", "The weekly job takes about 10 minutes.",
     "Run the job in an AWS Lambda function on an EventBridge schedule."),
    # a setting of the queue is not a queue put in as a buffer
    ("sqs-buffers-writes-in-bursts", "During traffic spikes the database cannot keep up.",
     "Increase the message retention period of the SQS queue."),
    ("dax-for-microsecond-reads", "Reads from DynamoDB must be strongly consistent and read-heavy.",
     "Add a DAX cluster."),
    ("lambda-more-memory-more-cpu", "The Lambda function is throttled because the account concurrency is used up.",
     "Increase the memory of the function."),
    ("api-gateway-websocket-for-two-way", "Which protocol does an API Gateway endpoint expose?", "WebSocket"),
    ("dynamodb-streams-trigger-lambda", "The DynamoDB table must be replicated to a second Region as a global table.",
     "Enable DynamoDB Streams and a Lambda trigger."),
    ("lambda-async-failure-destination", "API Gateway calls the Lambda function synchronously.",
     "Configure an on-failure destination for the function."),
    ("kinesis-retention-for-replay", "Consumers of the Kinesis stream fall behind and the delay grows.",
     "Increase the stream's retention period to 7 days."),
    ("dynamodb-ttl-expires-items", "The DynamoDB table must keep every item for auditing.",
     "Do not enable TTL on the table."),
]


@pytest.mark.parametrize("claim_id, question, option", MUST)
def test_the_claim_is_made(claim_id, question, option):
    assert claim_id in made(option, question)


@pytest.mark.parametrize("claim_id, question, option", MUST_NOT)
def test_the_claim_stays_silent(claim_id, question, option):
    assert claim_id not in made(option, question)


def test_every_messaging_claim_cites_a_note_from_the_documentation_or_the_seed():
    ours = [c for c in KB.claims.values() if c.source.file.endswith("explain/messaging.toml")]
    assert len(ours) >= 40
    for claim in ours:
        assert claim.notes and all(n in KB.notes for n in claim.notes), claim.id


def test_a_partial_load_does_not_call_claim_cited_notes_orphans():
    """Commands that never read exam questions load no claims; the check must not then call the notes
    only claims cite orphans (it did, as warnings on stderr of 'advisor how')."""
    from advisor.kb.lint import check

    partial = kbmod.load(exam=False)
    assert not [f for f in check(partial) if f.lint == "orphan-note"]
    whole = kbmod.load()
    assert not [f for f in check(whole) if f.lint == "orphan-note"]
