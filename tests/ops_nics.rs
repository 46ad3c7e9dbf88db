//! The NIC operations (`spec/nics.yaml`) against a loopback server: the exact requests the pages
//! document, their example answers decoded into the typed outputs, and the rules checked before
//! anything is sent.

mod ops_support;
mod support;

use ops_support::{PROJECT, TOKEN, client, job_answers_once, received, wait};
use otc_ecs::types::{
    AddNicsRequest, DeleteNicsRequest, Ipv6Bandwidth, JobStatus, NicToAdd, NicToDelete,
    SecurityGroupId,
};
use otc_ecs::{Error, Nullable};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SERVER: &str = "4d8c3732-a248-40ed-bebc-539a6ffd25c0";
const SUBNET: &str = "d32019d3-bc6e-4319-9c1d-6722fc136a23";
const GROUP: &str = "f0ac4394-7e4a-4409-9701-ba8be283dbc3";
const JOB: &str = "ff80808288d41e1b018990260955686a";

/// add-nics-doc, Example Request, as typed values.
fn one_nic() -> AddNicsRequest {
    AddNicsRequest {
        nics: vec![NicToAdd {
            subnet_id: SUBNET.into(),
            security_groups: Some(vec![SecurityGroupId {
                id: GROUP.into(),
                ..Default::default()
            }]),
            ..Default::default()
        }],
        ..Default::default()
    }
}

#[tokio::test]
async fn add_nics_posts_the_documented_body_and_its_job_is_followed_to_success() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/{PROJECT}/cloudservers/{SERVER}/nics")))
        .and(header("X-Auth-Token", TOKEN))
        .and(header("Content-Type", "application/json"))
        .and(body_json(json!({
            "nics": [{"subnet_id": SUBNET, "security_groups": [{"id": GROUP}]}]
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"job_id": JOB})))
        .expect(1)
        .mount(&server)
        .await;
    let ended = json!({
        "status": "SUCCESS", "job_id": JOB, "job_type": "attachInterface",
        "entities": {"server_id": SERVER, "nic_id": "04819c0a-6a07-44b6-945e-fb932071888e"}
    });
    job_answers_once(&server, JOB, ended).await;
    let c = client(&server);
    let job = c.add_nics(SERVER, &one_nic()).await.unwrap();
    assert_eq!(job.job_id, JOB);
    let done = wait(&c, &job.job_id).await;
    assert_eq!(done.status, JobStatus::Success);
    let entities = done.entities.unwrap();
    assert_eq!(
        entities.nic_id.as_deref(),
        Some("04819c0a-6a07-44b6-945e-fb932071888e")
    );
}

#[tokio::test]
async fn add_nics_sends_the_optional_address_ipv6_and_bandwidth_fields() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/{PROJECT}/cloudservers/{SERVER}/nics")))
        .and(body_json(json!({"nics": [{
            "subnet_id": SUBNET,
            "ip_address": "192.168.0.40",
            "ipv6_enable": true,
            "ipv6_bandwidth": {"id": "bw-1"}
        }]})))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({"job_id": JOB})))
        .expect(1)
        .mount(&server)
        .await;
    let body = AddNicsRequest {
        nics: vec![NicToAdd {
            subnet_id: SUBNET.into(),
            ip_address: Some("192.168.0.40".into()),
            ipv6_enable: Some(true),
            ipv6_bandwidth: Some(Ipv6Bandwidth {
                id: Some("bw-1".into()),
                ..Default::default()
            }),
            ..Default::default()
        }],
        ..Default::default()
    };
    let job = client(&server).add_nics(SERVER, &body).await.unwrap();
    assert_eq!(job.job_id, JOB);
}

#[tokio::test]
async fn add_nics_refuses_a_subnet_id_that_is_not_a_uuid_in_any_entry_before_sending() {
    let server = MockServer::start().await;
    let mut body = one_nic();
    body.nics.push(NicToAdd {
        subnet_id: "subnet-1".into(),
        ..Default::default()
    });
    assert!(one_nic().validate().is_ok());
    match client(&server).add_nics("srv-1", &body).await {
        Err(Error::Validation(v)) => {
            assert_eq!(v.violations().len(), 1, "{v}");
            assert_eq!(v.violations()[0].path(), "nics[1].subnet_id");
        }
        other => panic!("{other:?}"),
    }
    assert!(received(&server).await.is_empty(), "nothing is sent");
}

#[tokio::test]
async fn delete_nics_posts_the_port_ids_and_returns_the_job() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!(
            "/v1/{PROJECT}/cloudservers/{SERVER}/nics/delete"
        )))
        .and(header("Content-Type", "application/json"))
        .and(body_json(json!({"nics": [{"id": SUBNET}]})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"job_id": JOB})))
        .expect(1)
        .mount(&server)
        .await;
    let body = DeleteNicsRequest {
        nics: vec![NicToDelete {
            id: SUBNET.into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let job = client(&server).delete_nics(SERVER, &body).await.unwrap();
    assert_eq!(job.job_id, JOB);
}

#[tokio::test]
async fn delete_nics_of_the_primary_nic_is_the_services_403() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!(
            "/v1/{PROJECT}/cloudservers/{SERVER}/nics/delete"
        )))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "error": {"code": "Ecs.0003", "message": "The primary NIC cannot be deleted."}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let body = DeleteNicsRequest {
        nics: vec![NicToDelete {
            id: "primary".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let err = client(&server)
        .delete_nics(SERVER, &body)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Service(_)), "{err:?}");
    assert_eq!(err.status(), Some(403));
    assert_eq!(err.service_code(), Some("Ecs.0003"));
}

#[tokio::test]
async fn list_interfaces_reads_the_documented_answer_keeping_nulls_apart() {
    let server = MockServer::start().await;
    let answer = json!({
        "attachableQuantity": {"free_nic": 1, "free_efi_nic": 0},
        "interfaceAttachments": [{
            "port_state": "ACTIVE",
            "fixed_ips": [{"subnet_id": "ba31e1f5-fa76-4530-862c-5176fad033cf", "ip_address": "192.168.0.33"}],
            "net_id": "610a4af2-1d90-4d2b-8057-dc238b26febf",
            "port_id": "04819c0a-6a07-44b6-945e-fb932071888e",
            "mac_addr": "fa:16:3e:45:65:c4",
            "delete_on_termination": false,
            "driver_mode": null,
            "min_rate": null,
            "multiqueue_num": null,
            "pci_address": null
        }]
    });
    Mock::given(method("GET"))
        .and(path(format!(
            "/v1/{PROJECT}/cloudservers/{SERVER}/os-interface"
        )))
        .and(header("X-Auth-Token", TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let list = client(&server).list_interfaces(SERVER).await.unwrap();
    let free = list.attachable_quantity.as_ref().unwrap();
    assert_eq!((free.free_nic, free.free_efi_nic), (Some(1), Some(0)));
    let nics = list.interface_attachments.as_deref().unwrap();
    assert_eq!(nics.len(), 1);
    let nic = &nics[0];
    assert_eq!(nic.port_state.as_deref(), Some("ACTIVE"));
    assert_eq!(nic.mac_addr.as_deref(), Some("fa:16:3e:45:65:c4"));
    assert_eq!(nic.delete_on_termination, Some(false));
    assert_eq!(nic.multiqueue_num, Nullable::Null);
    assert_eq!(nic.pci_address, Nullable::Null);
    let ips = nic.fixed_ips.as_deref().unwrap();
    assert_eq!(ips[0].ip_address.as_deref(), Some("192.168.0.33"));
    assert_eq!(serde_json::to_value(&list).unwrap(), answer);
    assert!(
        received(&server).await[0].body.is_empty(),
        "a GET has no body"
    );
}
