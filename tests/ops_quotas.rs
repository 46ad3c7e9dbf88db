//! `show_quotas` against a loopback server (wiremock): the exact request, and the page's example
//! answer decoded into the typed output.

mod ops_support;
mod support;

use ops_support::{PROJECT, TOKEN, client};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn show_quotas_gets_the_limits_and_decodes_every_quota_and_its_use() {
    let server = MockServer::start().await;
    // "Querying Tenant Quotas", Example Response.
    let answer = json!({
        "absolute": {
            "maxServerMeta": 128,
            "maxPersonality": 5,
            "maxImageMeta": 128,
            "maxPersonalitySize": 10240,
            "maxSecurityGroupRules": 20,
            "maxTotalKeypairs": -1,
            "totalRAMUsed": 75776,
            "totalInstancesUsed": 21,
            "maxSecurityGroups": 10,
            "totalFloatingIpsUsed": 0,
            "maxTotalCores": 20480,
            "totalSecurityGroupsUsed": 1,
            "maxTotalFloatingIps": 10,
            "maxTotalInstances": 2048,
            "totalCoresUsed": 40,
            "maxTotalRAMSize": 25165824,
            "maxServerGroups": 10,
            "maxServerGroupMembers": 16,
            "totalServerGroupsUsed": 2
        }
    });
    Mock::given(method("GET"))
        .and(path(format!("/v1/{PROJECT}/cloudservers/limits")))
        .and(header("X-Auth-Token", TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .expect(1)
        .mount(&server)
        .await;
    let quotas = client(&server).show_quotas().await.unwrap().absolute;
    assert_eq!(quotas.max_total_instances, Some(2048));
    assert_eq!(quotas.total_instances_used, Some(21));
    assert_eq!(quotas.max_total_ram_size, Some(25_165_824));
    assert_eq!(quotas.total_ram_used, Some(75_776));
    assert_eq!(
        quotas.max_total_keypairs,
        Some(-1),
        "a negative quota decodes"
    );
    assert_eq!(quotas.max_server_group_members, Some(16));
    assert_eq!(quotas.total_server_groups_used, Some(2));
    assert_eq!(quotas.total_floating_ips_used, Some(0));
    assert!(quotas.extra.is_empty(), "every field of the page is named");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.query(), None);
    assert!(requests[0].body.is_empty());
}

#[tokio::test]
async fn a_quota_the_answer_leaves_out_is_none_and_an_unknown_one_is_kept() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/{PROJECT}/cloudservers/limits")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"absolute": {"maxTotalCores": 8, "maxTotalVolumes": 3}})),
        )
        .mount(&server)
        .await;
    let quotas = client(&server).show_quotas().await.unwrap().absolute;
    assert_eq!(quotas.max_total_cores, Some(8));
    assert_eq!(quotas.total_cores_used, None);
    assert_eq!(quotas.extra.get("maxTotalVolumes"), Some(&json!(3)));
}
