#!/usr/bin/env bash
# Smoke test after `pulumi up`: every workload of the app namespace (Deployments and Argo Rollouts'
# Rollouts) has rolled out, the pods behind every Service are Ready, and the entry point answers through
# the load balancer and the ingress gateway (the seed's `curl -f http://api.internal/health`).
# Usage: smoke-test.sh <stack>; PULUMI_STACK names the stack for `pulumi stack output`.
#
# Nothing runs inside service images (they need not ship a shell, wget or curl), and nothing calls a
# service from a pod of its own: the namespace is STRICT mTLS with deny-by-default AuthorizationPolicies
# and PSS restricted, so a plain curl pod (no sidecar, no admitted principal) would be refused, and the
# API server's pod proxy speaks plaintext to the pod, which STRICT refuses too. The health endpoints
# are checked by the kubelet instead: the pods' readiness and liveness probes call /ready and /health
# (Istio's injector rewrites them through the sidecar agent, so they work under STRICT), so a Ready pod
# has answered them. See docs/operations.md, "Smoke test".
set -euo pipefail
stack="$1"
namespace="supply-chain"
timeout_seconds="${SMOKE_TIMEOUT_SECONDS:-600}"
kubeconfig="$(mktemp)"
trap 'rm -f "$kubeconfig"' EXIT
pulumi stack output kubeconfig --show-secrets --stack "$PULUMI_STACK" > "$kubeconfig"
export KUBECONFIG="$kubeconfig"

# A Rollout has finished rolling out when Argo Rollouts has seen its current spec
# (status.observedGeneration, a string, equals metadata.generation) and its phase is Healthy: every
# step done, status.stableRS == status.currentPodHash (argoproj/argo-rollouts v1.9.0,
# utils/rollout/rolloututil.go GetRolloutPhase and CalculateRolloutPhase). A canary release keeps the
# phase Progressing or Paused for its whole schedule (hours in production), so a release in progress
# passes too once the Rollout has minimum availability (the Available condition, rollout/sync.go:
# available replicas of all its ReplicaSets >= spec.replicas) with its stable ReplicaSet still
# serving; Argo Rollouts' analysis then decides the release. Degraded (aborted, timed out or an
# invalid spec) fails at once.
wait_for_rollout() {
    local rollout="$1" deadline=$((SECONDS + timeout_seconds)) state
    local generation observed phase stable current available
    while true; do
        state="$(kubectl -n "$namespace" get "$rollout" -o jsonpath='{.metadata.generation}|{.status.observedGeneration}|{.status.phase}|{.status.stableRS}|{.status.currentPodHash}|{.status.conditions[?(@.type=="Available")].status}')"
        IFS='|' read -r generation observed phase stable current available <<< "$state"
        if [ "$generation" = "$observed" ]; then
            if [ "$phase" = "Degraded" ]; then
                echo "$rollout is Degraded: $(kubectl -n "$namespace" get "$rollout" -o jsonpath='{.status.message}')" >&2
                return 1
            fi
            if [ "$phase" = "Healthy" ]; then
                echo "$rollout is Healthy (stable $stable)"
                return 0
            fi
            if [ -n "$stable" ] && [ "$stable" != "$current" ] && [ "$available" = "True" ]; then
                echo "$rollout is releasing $current ($phase); stable $stable serves, the analysis decides the release"
                return 0
            fi
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            echo "$rollout did not roll out within ${timeout_seconds}s: generation $generation, observed '$observed', phase '$phase', stable '$stable', current '$current', available '$available'" >&2
            return 1
        fi
        sleep 10
    done
}

for deployment in $(kubectl -n "$namespace" get deployments -o name); do
    kubectl -n "$namespace" rollout status "$deployment" --timeout="${timeout_seconds}s"
done
for rollout in $(kubectl -n "$namespace" get rollouts.argoproj.io -o name); do
    wait_for_rollout "$rollout"
done

# The pods behind each Service, selected by the Service's own selector (whatever workload kind runs
# them), are Ready: their readiness probe answers /ready. Pods being deleted are not waited for.
for service in $(kubectl -n "$namespace" get services -o name); do
    # shellcheck disable=SC2016 # a go-template, not shell expansion
    selector="$(kubectl -n "$namespace" get "$service" -o go-template='{{range $k, $v := .spec.selector}}{{$k}}={{$v}},{{end}}')"
    selector="${selector%,}"
    if [ -z "$selector" ]; then
        continue
    fi
    if [ -z "$(kubectl -n "$namespace" get pods -l "$selector" --field-selector=status.phase=Running -o name)" ]; then
        echo "$service selects no running pod ($selector)" >&2
        exit 1
    fi
    kubectl -n "$namespace" wait pods -l "$selector" --field-selector=status.phase=Running \
        --for=condition=Ready --timeout="${timeout_seconds}s"
done

# The internal load balancer and its private DNS name are reachable only from inside the VPC: the job
# runs on a runner there. A new NLB needs a few minutes before its targets are healthy, hence retries.
health_url="$(pulumi stack output ingressHealthUrl --stack "$PULUMI_STACK" 2>/dev/null || true)"
if [ -n "$health_url" ]; then
    curl -fsS --retry 30 --retry-delay 10 --retry-all-errors --max-time 10 "$health_url"
fi
echo "smoke test of $stack passed"
