//! The server actions of the ECS-native API (batch start, stop and restart, delete, cold
//! migration, resize, OS change, details and metadata updates) against a real HTTP server on
//! loopback (wiremock): the exact request each documented example makes, the page's answer
//! decoded into its type, and every rule checked before sending.

use std::time::Duration;

use otc_ecs::types::{
    BatchReboot, BatchStart, BatchStop, MigrationTarget, OsChange, OsReinstallMetadata,
    PowerActionType, ResizeFlavor, ServerDeletion, ServerMigration, ServerRef, ServerResize,
    SystemEncryption,
};
use otc_ecs::{Auth, Client, Error, Nullable};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PROJECT: &str = "7459f9935ed2422eb9800fea1d4d9378";
const TOKEN: &str = "MIIT-secret-token";
const SERVER_A: &str = "616fb98f-46ca-475e-917e-2563e5a8cd19";
const SERVER_B: &str = "726fb98f-46ca-475e-917e-2563e5a8cd20";

fn client(server: &MockServer) -> Client {
    Client::builder(server.uri(), PROJECT, Auth::token(TOKEN))
        .retry_base_delay(Duration::from_millis(10))
        .build()
        .expect("client")
}

fn refs(ids: &[&str]) -> Vec<ServerRef> {
    ids.iter()
        .map(|id| ServerRef {
            id: (*id).into(),
            ..Default::default()
        })
        .collect()
}

/// Mounts one answer for `verb` on `route` that matches only `body`, sent with the token and
/// content type; the mock expects exactly one such request.
async fn expect_json(server: &MockServer, verb: &str, route: &str, body: Value, answer: Value) {
    Mock::given(method(verb))
        .and(path(route))
        .and(header("X-Auth-Token", TOKEN))
        .and(header("Content-Type", "application/json"))
        .and(body_json(body))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .expect(1)
        .mount(server)
        .await;
}

/// Asserts that `result` is a validation error whose violations are exactly `expected`
/// (`(path, message)` pairs).
fn assert_refused<T: std::fmt::Debug>(result: Result<T, Error>, expected: &[(&str, &str)]) {
    match result {
        Err(Error::Validation(v)) => {
            let got: Vec<(&str, &str)> = v
                .violations()
                .iter()
                .map(|x| (x.path(), x.message()))
                .collect();
            assert_eq!(got, expected);
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
}

async fn assert_nothing_sent(server: &MockServer) {
    let sent = server.received_requests().await.unwrap_or_default();
    assert!(sent.is_empty(), "nothing may leave the machine: {sent:?}");
}

#[tokio::test]
async fn start_servers_sends_the_pages_request_and_returns_its_job() {
    let server = MockServer::start().await;
    let route = format!("/v1/{PROJECT}/cloudservers/action");
    expect_json(
        &server,
        "POST",
        &route,
        json!({"os-start": {"servers": [{"id": SERVER_A}, {"id": SERVER_B}]}}),
        json!({"job_id": "ff808082889bd9690189061140c235fe"}),
    )
    .await;
    let body = BatchStart {
        servers: refs(&[SERVER_A, SERVER_B]),
        ..Default::default()
    };
    let job = client(&server).start_servers(&body).await.unwrap();
    assert_eq!(job.job_id, "ff808082889bd9690189061140c235fe");
}

#[tokio::test]
async fn stop_servers_sends_the_stop_type_inside_os_stop() {
    let server = MockServer::start().await;
    let route = format!("/v1/{PROJECT}/cloudservers/action");
    expect_json(
        &server,
        "POST",
        &route,
        json!({"os-stop": {"type": "HARD", "servers": [{"id": SERVER_A}, {"id": SERVER_B}]}}),
        json!({"job_id": "ff808082889bd9690189061140c235fe"}),
    )
    .await;
    expect_json(
        &server,
        "POST",
        &route,
        json!({"os-stop": {"servers": [{"id": SERVER_A}]}}),
        json!({"job_id": "soft-by-default"}),
    )
    .await;
    let c = client(&server);
    let hard = BatchStop {
        servers: refs(&[SERVER_A, SERVER_B]),
        r#type: Some(PowerActionType::Hard),
        ..Default::default()
    };
    assert_eq!(
        c.stop_servers(&hard).await.unwrap().job_id,
        "ff808082889bd9690189061140c235fe"
    );
    // Left out, the type is not sent: the service's default (SOFT) applies.
    let plain = BatchStop {
        servers: refs(&[SERVER_A]),
        ..Default::default()
    };
    assert_eq!(
        c.stop_servers(&plain).await.unwrap().job_id,
        "soft-by-default"
    );
}

#[tokio::test]
async fn reboot_servers_sends_the_restart_type_inside_reboot_and_the_job_is_followed() {
    let server = MockServer::start().await;
    let route = format!("/v1/{PROJECT}/cloudservers/action");
    expect_json(
        &server,
        "POST",
        &route,
        json!({"reboot": {"type": "SOFT", "servers": [{"id": SERVER_A}, {"id": SERVER_B}]}}),
        json!({"job_id": "ff80808288d41e1b018990260955686a"}),
    )
    .await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/v1/{PROJECT}/jobs/ff80808288d41e1b018990260955686a"
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"status": "SUCCESS", "job_id": "ff80808288d41e1b018990260955686a", "job_type": "batchRebootServers"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server);
    let body = BatchReboot {
        r#type: Some(PowerActionType::Soft),
        servers: refs(&[SERVER_A, SERVER_B]),
        ..Default::default()
    };
    let accepted = c.reboot_servers(&body).await.unwrap();
    let done = c
        .wait_for_job(
            &accepted.job_id,
            Duration::from_millis(10),
            Duration::from_secs(5),
        )
        .await
        .unwrap();
    assert_eq!(done.job_type.as_deref(), Some("batchRebootServers"));
}

#[tokio::test]
async fn a_batch_answer_of_202_is_the_same_job_and_204_is_refused() {
    let server = MockServer::start().await;
    let route = format!("/v1/{PROJECT}/cloudservers/action");
    Mock::given(method("POST"))
        .and(path(&route))
        .and(body_json(
            json!({"os-start": {"servers": [{"id": SERVER_A}]}}),
        ))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({"job_id": "busy-but-taken"})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(&route))
        .and(body_json(
            json!({"os-start": {"servers": [{"id": SERVER_B}]}}),
        ))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let c = client(&server);
    let a = BatchStart {
        servers: refs(&[SERVER_A]),
        ..Default::default()
    };
    assert_eq!(c.start_servers(&a).await.unwrap().job_id, "busy-but-taken");
    let b = BatchStart {
        servers: refs(&[SERVER_B]),
        ..Default::default()
    };
    match c.start_servers(&b).await {
        Err(Error::Service(e)) => assert_eq!(e.status, 204),
        other => panic!("a 204 has no job to follow: {other:?}"),
    }
}

#[tokio::test]
async fn a_stop_or_restart_type_the_page_does_not_list_is_refused_before_sending() {
    let server = MockServer::start().await;
    let c = client(&server);
    let stop = BatchStop {
        servers: refs(&[SERVER_A]),
        r#type: Some(PowerActionType::Other("FORCE".into())),
        ..Default::default()
    };
    assert_refused(
        c.stop_servers(&stop).await,
        &[("type", "`FORCE` is not one of: SOFT, HARD")],
    );
    let reboot = BatchReboot {
        r#type: Some(PowerActionType::Other("soft".into())),
        servers: refs(&[SERVER_A]),
        ..Default::default()
    };
    assert_refused(
        c.reboot_servers(&reboot).await,
        &[("type", "`soft` is not one of: SOFT, HARD")],
    );
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn delete_servers_sends_the_pages_first_request_and_returns_its_job() {
    let server = MockServer::start().await;
    expect_json(
        &server,
        "POST",
        &format!("/v1/{PROJECT}/cloudservers/delete"),
        json!({"servers": [{"id": SERVER_A}], "delete_publicip": false, "delete_volume": false}),
        json!({"job_id": "ff80808288d415d80189901d8eb81cbb"}),
    )
    .await;
    let body = ServerDeletion {
        servers: refs(&[SERVER_A]),
        delete_publicip: Some(false),
        delete_volume: Some(false),
        ..Default::default()
    };
    let job = client(&server).delete_servers(&body).await.unwrap();
    assert_eq!(job.job_id, "ff80808288d415d80189901d8eb81cbb");
}

#[tokio::test]
async fn delete_servers_leaves_out_the_eip_and_disk_choices_it_was_not_given() {
    let server = MockServer::start().await;
    expect_json(
        &server,
        "POST",
        &format!("/v1/{PROJECT}/cloudservers/delete"),
        json!({"servers": [{"id": SERVER_A}, {"id": SERVER_B}]}),
        json!({"job_id": "j-2"}),
    )
    .await;
    let body = ServerDeletion {
        servers: refs(&[SERVER_A, SERVER_B]),
        ..Default::default()
    };
    assert_eq!(
        client(&server).delete_servers(&body).await.unwrap().job_id,
        "j-2"
    );
}

#[tokio::test]
async fn the_delete_pages_error_answer_is_a_service_error_with_its_code() {
    let server = MockServer::start().await;
    // The page's second example answer, as published.
    let answer = r#"{
    "error": {
        "message": "request body is illegal.",
        "code": "Ecs.0005"
        }
        }"#;
    Mock::given(method("POST"))
        .and(path(format!("/v1/{PROJECT}/cloudservers/delete")))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("X-Request-Id", "req-del")
                .set_body_raw(answer, "application/json"),
        )
        .mount(&server)
        .await;
    let body = ServerDeletion {
        servers: refs(&[SERVER_A]),
        ..Default::default()
    };
    match client(&server).delete_servers(&body).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.status, 400);
            assert_eq!(e.code.as_deref(), Some("Ecs.0005"));
            assert_eq!(e.message.as_deref(), Some("request body is illegal."));
            assert_eq!(e.request_id.as_deref(), Some("req-del"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn migrate_server_names_the_dedicated_host_or_sends_null_for_the_public_pool() {
    let server = MockServer::start().await;
    let route = format!("/v1/{PROJECT}/cloudservers/srv-1/migrate");
    expect_json(
        &server,
        "POST",
        &route,
        json!({"migrate": {"dedicated_host_id": "459a2b9d-804a-4745-ab19-a113bb1b4ddc"}}),
        json!({"job_id": "ff80808288d41e1b018990260955686a"}),
    )
    .await;
    expect_json(
        &server,
        "POST",
        &route,
        json!({"migrate": null}),
        json!({"job_id": "to-the-pool"}),
    )
    .await;
    let c = client(&server);
    let to_host = ServerMigration {
        migrate: Nullable::Value(MigrationTarget {
            dedicated_host_id: Some("459a2b9d-804a-4745-ab19-a113bb1b4ddc".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    assert_eq!(
        c.migrate_server("srv-1", &to_host).await.unwrap().job_id,
        "ff80808288d41e1b018990260955686a"
    );
    let to_pool = ServerMigration {
        migrate: Nullable::Null,
        ..Default::default()
    };
    assert_eq!(
        c.migrate_server("srv-1", &to_pool).await.unwrap().job_id,
        "to-the-pool"
    );
}

#[tokio::test]
async fn resize_server_sends_the_flavor_under_resize_and_dry_run_beside_it() {
    let server = MockServer::start().await;
    let route = format!("/v1/{PROJECT}/cloudservers/srv-1/resize");
    expect_json(
        &server,
        "POST",
        &route,
        json!({"resize": {"flavorRef": "c3.15xlarge.2"}}),
        json!({"job_id": "ff80808288d41e1b018990260955686a"}),
    )
    .await;
    expect_json(
        &server,
        "POST",
        &route,
        json!({"resize": {"flavorRef": "s2.large.2"}, "dry_run": true}),
        json!({"job_id": "checked-only"}),
    )
    .await;
    let c = client(&server);
    let body = ServerResize {
        resize: ResizeFlavor {
            flavor_ref: "c3.15xlarge.2".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    assert_eq!(
        c.resize_server("srv-1", &body).await.unwrap().job_id,
        "ff80808288d41e1b018990260955686a"
    );
    let dry = ServerResize {
        resize: ResizeFlavor {
            flavor_ref: "s2.large.2".into(),
            ..Default::default()
        },
        dry_run: Some(true),
        ..Default::default()
    };
    assert_eq!(
        c.resize_server("srv-1", &dry).await.unwrap().job_id,
        "checked-only"
    );
}

fn os_change() -> OsChange {
    OsChange {
        userid: Some("7e25b1da389f4697a79df3a0e5bd494e".into()),
        imageid: "e215580f-73ad-429d-b6f2-5433947433b0".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn change_os_sends_the_pages_key_pair_and_encrypted_disk_requests() {
    let server = MockServer::start().await;
    let route = format!("/v2/{PROJECT}/cloudservers/srv-1/changeos");
    expect_json(
        &server,
        "POST",
        &route,
        json!({"os-change": {"keyname": "KeyPair-350b", "userid": "7e25b1da389f4697a79df3a0e5bd494e", "imageid": "e215580f-73ad-429d-b6f2-5433947433b0"}}),
        json!({"job_id": "ff80808288d41e1b018990260955686a"}),
    )
    .await;
    expect_json(
        &server,
        "POST",
        &route,
        json!({"os-change": {"userid": "7e25b1da389f4697a79df3a0e5bd494e", "imageid": "e215580f-73ad-429d-b6f2-5433947433b0", "metadata": {"__system__encrypted": "1", "__system__cmkid": "83cdb52d-9ebf-4469-9cfa-e7b5b80da846"}}}),
        json!({"job_id": "encrypted"}),
    )
    .await;
    let c = client(&server);
    let with_key = OsChange {
        keyname: Some("KeyPair-350b".into()),
        ..os_change()
    };
    assert_eq!(
        c.change_os("srv-1", &with_key).await.unwrap().job_id,
        "ff80808288d41e1b018990260955686a"
    );
    let encrypted = OsChange {
        metadata: Some(OsReinstallMetadata {
            system_encrypted: Some(SystemEncryption::Encrypted),
            system_cmkid: Some("83cdb52d-9ebf-4469-9cfa-e7b5b80da846".into()),
            ..Default::default()
        }),
        ..os_change()
    };
    assert_eq!(
        c.change_os("srv-1", &encrypted).await.unwrap().job_id,
        "encrypted"
    );
}

#[tokio::test]
async fn change_os_refuses_an_image_id_that_is_no_uuid_and_a_key_id_without_encryption() {
    let server = MockServer::start().await;
    let c = client(&server);
    let bad_image = OsChange {
        imageid: "CentOS 7".into(),
        ..os_change()
    };
    assert_refused(
        c.change_os("srv-1", &bad_image).await,
        &[("imageid", "must be a UUID (8-4-4-4-12 hexadecimal digits)")],
    );
    let key_alone = OsChange {
        metadata: Some(OsReinstallMetadata {
            system_cmkid: Some("83cdb52d-9ebf-4469-9cfa-e7b5b80da846".into()),
            ..Default::default()
        }),
        ..os_change()
    };
    assert_refused(
        c.change_os("srv-1", &key_alone).await,
        &[(
            "metadata.__system__cmkid",
            "`metadata.__system__cmkid` requires `metadata.__system__encrypted` to be set as well",
        )],
    );
    assert_nothing_sent(&server).await;
}
