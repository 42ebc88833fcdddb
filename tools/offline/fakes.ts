/**
 * The one place where values the cloud would compute get realistic fakes: ids, ARNs, the cluster
 * endpoint, its kubeconfig and OIDC issuer, and the results of AWS data-source invokes.
 */
export const FAKE_ACCOUNT_ID = "123456789012";
export const FAKE_REGION = "us-west-2";
const OIDC_ID = "EXAMPLED539D4633E53DE1B71EXAMPLE";

type Props = Record<string, unknown>;

function awsArn(type: string, name: string, region: string): string {
    // "aws:iam/role:Role" -> service "iam", resource "role"
    const [, mod = "", kind = ""] = /^aws:([^/]+)\/([^:]+):/.exec(type) ?? [];
    const global = mod === "iam";
    return `arn:aws:${mod}:${global ? "" : region}:${FAKE_ACCOUNT_ID}:${kind.toLowerCase()}/${name}`;
}

/** The fake kubeconfig of a cluster (no credentials: it only names the fake endpoint). */
export function fakeKubeconfig(clusterName: string, region = FAKE_REGION) {
    const server = `https://${OIDC_ID}.gr7.${region}.eks.amazonaws.com`;
    return {
        apiVersion: "v1",
        kind: "Config",
        clusters: [
            {
                name: clusterName,
                cluster: {
                    server,
                    "certificate-authority-data": "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==",
                },
            },
        ],
        contexts: [{ name: clusterName, context: { cluster: clusterName, user: clusterName } }],
        "current-context": clusterName,
        users: [
            {
                name: clusterName,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "aws",
                        args: ["eks", "get-token", "--cluster-name", clusterName],
                    },
                },
            },
        ],
    };
}

/** State the mock returns for a new resource: its inputs plus whatever the provider would compute. */
export function fakeState(
    type: string,
    name: string,
    inputs: Props,
    region = FAKE_REGION,
): { id: string; state: Props } {
    const id = `${name}-id`;
    if (type === "eks:index:Cluster") {
        const clusterName = String(inputs.name ?? name);
        const issuer = `https://oidc.eks.${region}.amazonaws.com/id/${OIDC_ID}`;
        const kubeconfig = fakeKubeconfig(clusterName, region);
        return {
            id,
            state: {
                ...inputs,
                kubeconfig,
                kubeconfigJson: JSON.stringify(kubeconfig),
                oidcIssuer: issuer.replace(/^https:\/\//, ""),
                oidcProviderUrl: issuer,
                oidcProviderArn: `arn:aws:iam::${FAKE_ACCOUNT_ID}:oidc-provider/${issuer.replace(/^https:\/\//, "")}`,
                clusterSecurityGroupId: "sg-0c1a2b3c4d5e6f701",
                // The aws.eks.Cluster inside the component: EKS's own cluster security group.
                eksCluster: { vpcConfig: { clusterSecurityGroupId: FAKE_EKS_CLUSTER_SG } },
                nodeSecurityGroupId: "sg-0c1a2b3c4d5e6f702",
                core: { cluster: { name: clusterName } },
            },
        };
    }
    if (type === "eks:index:ManagedNodeGroup") {
        return {
            id,
            state: {
                ...inputs,
                nodeGroup: { ...inputs, nodeGroupName: inputs.nodeGroupName ?? name },
            },
        };
    }
    if (type === "kubernetes:core/v1:Service" && (inputs.spec as Props)?.type === "LoadBalancer") {
        // The AWS Load Balancer Controller publishes the NLB's DNS name in the Service status.
        const meta = (inputs.metadata ?? {}) as Props;
        const lb = `k8s-${String(meta.namespace ?? "default").slice(0, 8)}-${String(meta.name ?? name).slice(0, 8)}-0a1b2c3d4e`;
        return {
            id,
            state: {
                ...inputs,
                status: {
                    loadBalancer: { ingress: [{ hostname: `${lb}.elb.${region}.amazonaws.com` }] },
                },
            },
        };
    }
    if (type.startsWith("tls:")) {
        // PEM values are opaque to the program; stand-ins keep their shape.
        const pem = (label: string) =>
            `-----BEGIN ${label}-----\nRkFLRQ==\n-----END ${label}-----\n`;
        return {
            id,
            state: {
                ...inputs,
                privateKeyPem: pem("PRIVATE KEY"),
                publicKeyPem: pem("PUBLIC KEY"),
                certPem: pem("CERTIFICATE"),
                certRequestPem: pem("CERTIFICATE REQUEST"),
            },
        };
    }
    if (type.startsWith("aws:")) {
        // IAM roles are auto-named by Pulumi (logical name plus a random suffix).
        const physical = String(
            inputs.name ?? (type === "aws:iam/role:Role" ? `${name}-0a1b2c3` : name),
        );
        const state: Props = {
            ...inputs,
            name: inputs.name ?? physical,
            arn: awsArn(type, physical, region),
        };
        if (type === "aws:route53/zone:Zone") {
            state.zoneId = "Z0123456789ABCDEFGHIJ";
        }
        if (type === "aws:kms/key:Key") {
            state.keyId = "0a1b2c3d-4e5f-6789-abcd-ef0123456789";
        }
        Object.assign(state, fakeStoreState(type, inputs, physical, region));
        return { id, state };
    }
    if (type === "random:index/randomPassword:RandomPassword") {
        // A recognisable fake, so tests can prove it never appears in plain text anywhere.
        const result = `FAKEpw${name.replace(/[^A-Za-z0-9]/g, "")}`.padEnd(
            Number(inputs.length ?? 32),
            "x",
        );
        return { id, state: { ...inputs, result } };
    }
    return { id, state: { ...inputs } };
}

/** EKS's cluster security group in the fakes (what nodes and pods carry). */
export const FAKE_EKS_CLUSTER_SG = "sg-0c1a2b3c4d5e6f700";

/** Endpoints and secrets RDS, ElastiCache and random compute for data stores. */
function fakeStoreState(type: string, inputs: Props, physical: string, region: string): Props {
    const id = String(inputs.identifier ?? inputs.replicationGroupId ?? physical);
    switch (type) {
        case "aws:rds/instance:Instance": {
            const address = `${id}.c0ffee00example.${region}.rds.amazonaws.com`;
            return {
                address,
                endpoint: `${address}:5432`,
                masterUserSecrets: [
                    {
                        secretArn: `arn:aws:secretsmanager:${region}:${FAKE_ACCOUNT_ID}:secret:rds!db-${id}-AbCdEf`,
                        kmsKeyId: `arn:aws:kms:${region}:${FAKE_ACCOUNT_ID}:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789`,
                        secretStatus: "active",
                    },
                ],
            };
        }
        case "aws:elasticache/replicationGroup:ReplicationGroup":
            return { primaryEndpointAddress: `master.${id}.abc123.usw2.cache.amazonaws.com` };
        case "aws:secretsmanager/secret:Secret":
            return {
                arn: `arn:aws:secretsmanager:${region}:${FAKE_ACCOUNT_ID}:secret:${id}-AbCdEf`,
            };
        default:
            return {};
    }
}

/** Results of provider functions (invokes) the program calls. */
export function fakeCall(token: string, inputs: Props, region = FAKE_REGION): Props {
    switch (token) {
        case "aws:index/getRegion:getRegion":
            return {
                id: region,
                name: region,
                region,
                description: "US West (Oregon)",
                endpoint: `ec2.${region}.amazonaws.com`,
            };
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                id: FAKE_ACCOUNT_ID,
                accountId: FAKE_ACCOUNT_ID,
                arn: `arn:aws:iam::${FAKE_ACCOUNT_ID}:user/preview`,
                userId: "AIDAEXAMPLE",
            };
        case "aws:lb/getHostedZoneId:getHostedZoneId":
            // Route 53 zone of Network Load Balancers in us-west-2 (AWS "Elastic Load Balancing endpoints").
            return { id: "Z18D5FSROUN65G", region };
        case "aws:index/getPartition:getPartition":
            return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com" };
        default:
            return { ...inputs };
    }
}
