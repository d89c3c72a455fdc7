import { ApiDistribution } from "../constructs/api-distribution";
import { ApiFunction } from "../constructs/api-function";
import { Cache } from "../constructs/cache";
import { Database } from "../constructs/database";
import { FargateService } from "../constructs/fargate-service";
import { LambdaRestApi } from "../constructs/lambda-rest-api";
import { LoadBalancer } from "../constructs/load-balancer";
import { MetricSpec, MonitoringSection } from "../constructs/observability";
import { RedeployOnSecretChange } from "../constructs/redeploy-on-secret-change";
import { VerificationTable } from "../constructs/verification-table";

/**
 * What each part of the architectures shows on the dashboard and alarms on. The
 * thresholds are starting points for a service of the guide's size.
 */

/** The guide's "TrustWrapper Performance" widget: the app's own metrics and the service's CPU and memory. */
export function serviceSection(service: FargateService, appNamespace: string): MonitoringSection {
  const dimensions = { ClusterName: service.cluster.name, ServiceName: service.service.name };
  const cpu = { namespace: "AWS/ECS", metricName: "CPUUtilization", dimensions, stat: "Average" };
  const memory = { namespace: "AWS/ECS", metricName: "MemoryUtilization", dimensions, stat: "Average" };
  return {
    widgets: [
      {
        title: "TrustWrapper Performance",
        metrics: [
          { namespace: appNamespace, metricName: "VerificationRequests", stat: "Sum" },
          { namespace: appNamespace, metricName: "VerificationLatency", stat: "Average" },
          cpu,
          memory,
        ],
      },
    ],
    alarms: [
      { id: "service-cpu-high", description: "TrustWrapper tasks average above 85% CPU", metric: cpu, comparison: "GreaterThanThreshold", threshold: 85 },
      { id: "service-memory-high", description: "TrustWrapper tasks average above 85% memory", metric: memory, comparison: "GreaterThanThreshold", threshold: 85 },
    ],
  };
}

export function loadBalancerSection(lb: LoadBalancer): MonitoringSection {
  const dimensions = { LoadBalancer: lb.loadBalancer.arnSuffix };
  const elb5xx = { namespace: "AWS/ApplicationELB", metricName: "HTTPCode_ELB_5XX_Count", dimensions, stat: "Sum" };
  const target5xx = { namespace: "AWS/ApplicationELB", metricName: "HTTPCode_Target_5XX_Count", dimensions, stat: "Sum" };
  const latency = { namespace: "AWS/ApplicationELB", metricName: "TargetResponseTime", dimensions, stat: "p95" };
  const target = metricsOf("AWS/ApplicationELB", { ...dimensions, TargetGroup: lb.targetGroup.arnSuffix });
  const unhealthy = target("UnHealthyHostCount", "Maximum");
  const healthy = target("HealthyHostCount", "Minimum");
  return {
    widgets: [
      { title: "Load balancer errors and target health", metrics: [elb5xx, target5xx, unhealthy, healthy] },
      { title: "Load balancer latency (p95, seconds)", metrics: [latency] },
    ],
    alarms: [
      {
        id: "alb-5xx",
        description: "The load balancer answered 5xx more than 10 times in 5 minutes",
        metric: elb5xx,
        comparison: "GreaterThanThreshold",
        threshold: 10,
        evaluationPeriods: 1,
      },
      {
        id: "target-5xx",
        description: "The API answered 5xx more than 10 times in 5 minutes",
        metric: target5xx,
        comparison: "GreaterThanThreshold",
        threshold: 10,
        evaluationPeriods: 1,
      },
      { id: "alb-latency-p95", description: "p95 response time above 2 seconds", metric: latency, comparison: "GreaterThanThreshold", threshold: 2 },
      {
        id: "unhealthy-targets",
        description: "A task fails the load balancer's health check",
        metric: unhealthy,
        comparison: "GreaterThanThreshold",
        threshold: 0,
        periodSeconds: 60,
        evaluationPeriods: 5,
      },
      {
        id: "no-healthy-targets",
        description: "No task passes the load balancer's health check: every request fails",
        metric: healthy,
        comparison: "LessThanThreshold",
        threshold: 1,
        periodSeconds: 60,
        evaluationPeriods: 3,
        // The load balancer reports its target groups every minute; silence means nothing serves.
        treatMissingData: "breaching",
      },
    ],
  };
}

/**
 * The state machine that restarts the tasks after a secret changes: a failed run leaves them on the
 * old secret values (after a rotation, a password the database no longer takes) without a sound.
 * Only failures alarm: the definition sets no timeout, so executions cannot time out in practice,
 * and an aborted one was stopped by someone on purpose; the widget shows all three.
 */
export function redeploySection(redeploy: RedeployOnSecretChange): MonitoringSection {
  const metric = metricsOf("AWS/States", { StateMachineArn: redeploy.stateMachine.arn });
  const failed = metric("ExecutionsFailed", "Sum");
  return {
    widgets: [
      {
        title: "Redeploys after secret changes",
        metrics: [metric("ExecutionsStarted", "Sum"), failed, metric("ExecutionsTimedOut", "Sum"), metric("ExecutionsAborted", "Sum")],
      },
    ],
    alarms: [
      {
        id: "redeploy-failed",
        description: "A redeploy after a secret change failed: the tasks still hold the old secret values",
        metric: failed,
        comparison: "GreaterThanThreshold",
        threshold: 0,
        evaluationPeriods: 1,
      },
    ],
  };
}

export function databaseSection(database: Database): MonitoringSection {
  const dimensions = { DBInstanceIdentifier: database.instance.identifier };
  const cpu = { namespace: "AWS/RDS", metricName: "CPUUtilization", dimensions, stat: "Average" };
  const freeStorage = { namespace: "AWS/RDS", metricName: "FreeStorageSpace", dimensions, stat: "Minimum" };
  const freeMemory = { namespace: "AWS/RDS", metricName: "FreeableMemory", dimensions, stat: "Minimum" };
  const connections = { namespace: "AWS/RDS", metricName: "DatabaseConnections", dimensions, stat: "Maximum" };
  return {
    widgets: [{ title: "Database health", metrics: [cpu, connections, freeStorage, freeMemory] }],
    alarms: [
      { id: "database-cpu-high", description: "PostgreSQL above 80% CPU", metric: cpu, comparison: "GreaterThanThreshold", threshold: 80 },
      { id: "database-storage-low", description: "PostgreSQL has less than 10 GiB free", metric: freeStorage, comparison: "LessThanThreshold", threshold: 10 * 1024 ** 3 },
      {
        id: "database-memory-low",
        description: "PostgreSQL has less than 100 MiB freeable memory",
        metric: freeMemory,
        comparison: "LessThanThreshold",
        threshold: 100 * 1024 ** 2,
      },
    ],
  };
}

export function cacheSection(cache: Cache): MonitoringSection {
  const dimensions = { CacheClusterId: cache.primaryNodeId };
  const cpu = { namespace: "AWS/ElastiCache", metricName: "EngineCPUUtilization", dimensions, stat: "Average" };
  const memory = { namespace: "AWS/ElastiCache", metricName: "DatabaseMemoryUsagePercentage", dimensions, stat: "Average" };
  const connections = { namespace: "AWS/ElastiCache", metricName: "CurrConnections", dimensions, stat: "Maximum" };
  return {
    widgets: [{ title: "Redis health", metrics: [cpu, memory, connections] }],
    alarms: [
      { id: "cache-cpu-high", description: "Redis engine above 80% CPU", metric: cpu, comparison: "GreaterThanThreshold", threshold: 80 },
      { id: "cache-memory-high", description: "Redis above 80% of its memory", metric: memory, comparison: "GreaterThanThreshold", threshold: 80 },
    ],
  };
}

/** A factory of one namespace's metrics with the same dimensions: `metric("Errors", "Sum")`. */
function metricsOf(namespace: string, dimensions: Record<string, string>): (metricName: string, stat: string) => MetricSpec {
  return (metricName, stat) => ({ namespace, metricName, dimensions, stat });
}

/** The app's own metrics (the guide's `put_metric`), at the head of its performance widget. */
function appMetrics(appNamespace: string): MetricSpec[] {
  return [
    { namespace: appNamespace, metricName: "VerificationRequests", stat: "Sum" },
    { namespace: appNamespace, metricName: "VerificationLatency", stat: "Average" },
  ];
}

/**
 * The function's invocations, errors, throttles, duration and dead-letter queue. With `appNamespace` (where the
 * function is the only runtime of the app) the widget is the guide's "TrustWrapper Performance".
 */
export function functionSection(fn: ApiFunction, timeoutSeconds: number, appNamespace?: string): MonitoringSection {
  const metric = metricsOf("AWS/Lambda", { FunctionName: fn.functionName });
  const errors = metric("Errors", "Sum");
  const throttles = metric("Throttles", "Sum");
  const duration = metric("Duration", "p95");
  const performance = [metric("Invocations", "Sum"), duration];
  const deadLetters = metricsOf("AWS/SQS", { QueueName: fn.deadLetterQueue.name })("ApproximateNumberOfMessagesVisible", "Maximum");
  return {
    widgets: [
      appNamespace === undefined
        ? { title: "Lambda invocations and duration (p95, ms)", metrics: performance }
        : { title: "TrustWrapper Performance", metrics: [...appMetrics(appNamespace), ...performance] },
      { title: "Lambda errors, throttles and dead letters", metrics: [errors, throttles, metric("ConcurrentExecutions", "Maximum"), deadLetters] },
    ],
    alarms: [
      {
        id: "function-errors",
        description: "The function failed more than 5 times in 5 minutes",
        metric: errors,
        comparison: "GreaterThanThreshold",
        threshold: 5,
        evaluationPeriods: 1,
      },
      {
        id: "function-throttles",
        description: "The function was throttled (its reserved concurrency or the account's concurrency limit reached)",
        metric: throttles,
        comparison: "GreaterThanThreshold",
        threshold: 0,
        evaluationPeriods: 1,
      },
      {
        id: "function-duration-p95",
        description: "p95 duration above 80% of the function's timeout",
        metric: duration,
        comparison: "GreaterThanThreshold",
        threshold: timeoutSeconds * 1000 * 0.8,
      },
      {
        id: "function-dead-letters",
        description: "Asynchronous invocations (the warm-up's) failed every retry and wait in the dead-letter queue",
        metric: deadLetters,
        comparison: "GreaterThanThreshold",
        threshold: 0,
        evaluationPeriods: 1,
      },
    ],
  };
}

export function restApiSection(api: LambdaRestApi): MonitoringSection {
  const metric = metricsOf("AWS/ApiGateway", { ApiName: api.api.name, Stage: api.stage.stageName });
  const errors5xx = metric("5XXError", "Sum");
  const errors4xx = metric("4XXError", "Sum");
  const latency = metric("Latency", "p95");
  const requests = metric("Count", "Sum");
  return {
    widgets: [{ title: "API Gateway requests, errors and latency (p95, ms)", metrics: [requests, errors4xx, errors5xx, latency] }],
    alarms: [
      {
        id: "api-5xx",
        description: "API Gateway answered 5xx more than 10 times in 5 minutes",
        metric: errors5xx,
        comparison: "GreaterThanThreshold",
        threshold: 10,
        evaluationPeriods: 1,
      },
      { id: "api-latency-p95", description: "API Gateway p95 latency above 5 seconds", metric: latency, comparison: "GreaterThanThreshold", threshold: 5000 },
    ],
  };
}

export function tableSection(table: VerificationTable): MonitoringSection {
  const metric = metricsOf("AWS/DynamoDB", { TableName: table.name });
  const readThrottles = metric("ReadThrottleEvents", "Sum");
  const writeThrottles = metric("WriteThrottleEvents", "Sum");
  const systemErrors = metric("SystemErrors", "Sum");
  return {
    widgets: [
      {
        title: "DynamoDB capacity and throttles",
        metrics: [metric("ConsumedReadCapacityUnits", "Sum"), metric("ConsumedWriteCapacityUnits", "Sum"), readThrottles, writeThrottles],
      },
    ],
    alarms: [
      {
        id: "table-read-throttles",
        description: "DynamoDB throttled reads of the verifications table",
        metric: readThrottles,
        comparison: "GreaterThanThreshold",
        threshold: 0,
        evaluationPeriods: 1,
      },
      {
        id: "table-write-throttles",
        description: "DynamoDB throttled writes to the verifications table",
        metric: writeThrottles,
        comparison: "GreaterThanThreshold",
        threshold: 0,
        evaluationPeriods: 1,
      },
      { id: "table-system-errors", description: "DynamoDB returned server errors", metric: systemErrors, comparison: "GreaterThanThreshold", threshold: 0, evaluationPeriods: 1 },
    ],
  };
}

/** CloudFront reports in us-east-1 only, so the distribution gets a widget there and no alarm in the stack's region. */
export function distributionSection(distribution: ApiDistribution): MonitoringSection {
  const metric = metricsOf("AWS/CloudFront", { DistributionId: distribution.distribution.id, Region: "Global" });
  return {
    widgets: [
      {
        title: "CloudFront requests and error rates (%)",
        region: "us-east-1",
        metrics: [metric("Requests", "Sum"), metric("4xxErrorRate", "Average"), metric("5xxErrorRate", "Average")],
      },
    ],
    alarms: [],
  };
}
