import { z } from "zod";
import { wholeNumber } from "./fields";

/** The regional WAF web ACL on the load balancer of the container and hybrid architectures. */
export const loadBalancerWebAclSchema = z.strictObject({
  /**
   * A WAFv2 web ACL on the load balancer: AWS's common and known-bad-inputs rules (large request
   * bodies counted, not blocked, as at the hybrid edge) and a per-IP rate limit, every request
   * logged with credentials redacted. About 10 USD a month plus 0.60 USD per million requests.
   * Default true in prod for a load balancer open to the internet (the container architecture),
   * false otherwise: the hybrid architecture's load balancer only answers CloudFront, whose own
   * web ACL has checked every request already.
   */
  enabled: z.boolean().optional(),
  /** Requests per 5 minutes one IP address may send before the web ACL blocks it. Default 2000. */
  rateLimit: wholeNumber(10, 2_000_000_000, "a request count").default(2000),
});
