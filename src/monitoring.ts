import { Cache } from "./constructs/cache";
import { Database } from "./constructs/database";
import { FargateService } from "./constructs/fargate-service";
import { LoadBalancer } from "./constructs/load-balancer";
import { MonitoringSection } from "./constructs/observability";

/**
 * What each part of the container architecture shows on the dashboard and alarms on. The
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
  const targetDimensions = { ...dimensions, TargetGroup: lb.targetGroup.arnSuffix };
  const elb5xx = { namespace: "AWS/ApplicationELB", metricName: "HTTPCode_ELB_5XX_Count", dimensions, stat: "Sum" };
  const target5xx = { namespace: "AWS/ApplicationELB", metricName: "HTTPCode_Target_5XX_Count", dimensions, stat: "Sum" };
  const latency = { namespace: "AWS/ApplicationELB", metricName: "TargetResponseTime", dimensions, stat: "p95" };
  const unhealthy = { namespace: "AWS/ApplicationELB", metricName: "UnHealthyHostCount", dimensions: targetDimensions, stat: "Maximum" };
  return {
    widgets: [
      { title: "Load balancer errors", metrics: [elb5xx, target5xx, unhealthy] },
      { title: "Load balancer latency (p95, seconds)", metrics: [latency] },
    ],
    alarms: [
      { id: "alb-5xx", description: "The load balancer answered 5xx more than 10 times in 5 minutes", metric: elb5xx, comparison: "GreaterThanThreshold", threshold: 10, evaluationPeriods: 1 },
      { id: "target-5xx", description: "The API answered 5xx more than 10 times in 5 minutes", metric: target5xx, comparison: "GreaterThanThreshold", threshold: 10, evaluationPeriods: 1 },
      { id: "alb-latency-p95", description: "p95 response time above 2 seconds", metric: latency, comparison: "GreaterThanThreshold", threshold: 2 },
      { id: "unhealthy-targets", description: "A task fails the load balancer's health check", metric: unhealthy, comparison: "GreaterThanThreshold", threshold: 0, periodSeconds: 60, evaluationPeriods: 5 },
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
      { id: "database-memory-low", description: "PostgreSQL has less than 100 MiB freeable memory", metric: freeMemory, comparison: "LessThanThreshold", threshold: 100 * 1024 ** 2 },
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
