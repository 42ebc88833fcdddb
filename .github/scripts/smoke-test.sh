#!/usr/bin/env bash
# Smoke test after `pulumi up`: every Deployment of the stack has rolled out, and every service answers
# its health endpoints from inside the cluster. Usage: smoke-test.sh <stack>
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
echo "smoke test of $stack passed"
